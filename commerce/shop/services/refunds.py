"""Refunds, full or partial, through the order's payment provider; and what providers report
about refunds.

A refund request is recorded (REQUESTED) before the provider is asked. Its clear refusal marks
it FAILED; an answer that never came (a timeout, a 5xx) leaves it REQUESTED, because the
provider may have refunded: asking again with the same request key is safe (the same
idempotency key, and the provider's refunds are searched for the request first), and
`reconcile_payments` does it too.
"""

import logging
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from commerce.catalogue.exceptions import MoneyError
from commerce.catalogue.money import format_money, from_minor_units, to_minor_units
from commerce.shop.exceptions import (
    PaymentProviderRefused,
    PaymentProviderUnavailable,
    RefundNotAllowed,
)
from commerce.shop.models import Order, Refund, RefundLine
from commerce.shop.payments.contract import ProviderRefund, RefundedTotal, RefundState
from commerce.shop.payments.registry import provider_of
from commerce.shop.services.ledger import follow_refunds
from commerce.shop.services.orders import lock_order, record_status

logger = logging.getLogger(__name__)

# A refund request still unanswered after this long is asked about again by reconcile_payments
# (a younger one may still be waiting for Stripe's answer in the request that sent it).
RETRY_UNANSWERED_AFTER = timedelta(minutes=5)


# What the shop records for each state a provider reports a refund in.
REFUND_STATUSES = {
    RefundState.PENDING: Refund.Status.PENDING,
    RefundState.SUCCEEDED: Refund.Status.SUCCEEDED,
    RefundState.FAILED: Refund.Status.FAILED,
}
# Refunds not settled yet: they count against what is left to refund.
IN_FLIGHT = (Refund.Status.REQUESTED, Refund.Status.PENDING)
# Refunds Stripe may count in a charge's refunded total (it counts pending ones too).
COUNTED_BY_STRIPE = (*IN_FLIGHT, Refund.Status.SUCCEEDED)


def _total_of(order: Order, statuses: tuple[str, ...]) -> Decimal:
    amounts = order.refunds.filter(status__in=statuses).values_list("amount", flat=True)
    return sum(amounts, Decimal(0))


def update_refunded_total(order: Order, note: str) -> None:
    """Derive `order`'s refunded total from its succeeded refunds and the refunds made outside
    the shop, and move its status and commissions with it, both ways: a refund that fails after
    it succeeded gives the order and the creators' commissions back what it took.

    Callers hold the order's row lock inside a transaction.
    """
    if not order.is_paid:
        return
    succeeded = _total_of(order, (Refund.Status.SUCCEEDED,))
    refunded = min(succeeded + order.refunded_outside_shop, order.total)
    if refunded == order.total:
        status = Order.Status.REFUNDED
    elif refunded:
        status = Order.Status.PARTIALLY_REFUNDED
    else:
        status = Order.Status.PAID
    if (refunded, status) == (order.refunded_amount, order.status):
        return
    order.refunded_amount = refunded
    record_status(
        order, status, f"{note} (refunded in all: {format_money(refunded, order.currency)})"
    )
    follow_refunds(order)


def refundable_quantities(order: Order) -> dict[int, int]:
    """How many units of each of `order`'s lines can still be refunded ({line id: units}):
    those not in a refund that is requested, pending or succeeded."""
    taken = RefundLine.units_by_line(order.pk, COUNTED_BY_STRIPE)
    return {line.pk: line.quantity - taken.get(line.pk, 0) for line in order.lines.all()}


def _claim_refund(
    order: Order, quantities: Mapping[int, int], request_key: str, user_id: int | None
) -> tuple[Refund, bool]:
    with transaction.atomic():
        order = lock_order(order)
        existing = Refund.objects.filter(request_key=request_key).first()
        if existing is not None:
            if existing.order_id != order.pk:
                raise RefundNotAllowed("That refund request belongs to another order.")
            return existing, False
        if not order.is_paid or not order.provider_payment_id:
            raise RefundNotAllowed(f"Order {order.reference} has no payment to refund.")
        wanted = {line_id: units for line_id, units in quantities.items() if units}
        amount = _price_refund(order, wanted)
        refund = Refund.objects.create(
            order=order, amount=amount, request_key=request_key, requested_by_id=user_id
        )
        RefundLine.objects.bulk_create(
            RefundLine(refund=refund, order_line_id=pk, quantity=units)
            for pk, units in sorted(wanted.items())
        )
    return refund, True


def _price_refund(order: Order, wanted: Mapping[int, int]) -> Decimal:
    """What refunding `wanted` ({line id: units}) of the locked `order` gives back.

    Raises:
        RefundNotAllowed: for no units, units not left to refund, or more money than is left.
    """
    lines = order.lines.in_bulk(list(wanted))
    left = refundable_quantities(order)
    if not wanted or any(units < 0 for units in wanted.values()):
        raise RefundNotAllowed("Choose how many units of which lines to refund.")
    if any(pk not in lines or units > left[pk] for pk, units in wanted.items()):
        raise RefundNotAllowed("Choose at most the units of each line that are not refunded yet.")
    amount = sum((lines[pk].unit_price * units for pk, units in wanted.items()), Decimal(0))
    money_left = order.refundable_amount - _total_of(order, IN_FLIGHT)
    if amount > money_left:
        raise RefundNotAllowed(
            f"Only {format_money(max(money_left, Decimal(0)), order.currency)} of order "
            f"{order.reference} is left to refund (refunds made in Stripe's dashboard, or "
            "still on their way, took the rest)."
        )
    try:
        to_minor_units(amount, order.currency)
    except MoneyError as error:
        raise RefundNotAllowed(error.message) from None
    return amount


def refund_order(
    order: Order,
    quantities: Mapping[int, int],
    request_key: str,
    requested_by: AbstractBaseUser | AnonymousUser | None = None,
) -> Refund:
    """Refund chosen units of a paid order's lines ({order line id: units}) through Stripe.

    The amount is the lines' prices times the units, worked out here; the creators behind those
    lines lose the commission on exactly them (see `commerce.shop.services.ledger.follow_refunds`).
    `request_key` identifies the request (the admin form makes one per form shown), so a
    repeated submission returns the first refund instead of refunding again; while Stripe's
    answer to it is unknown, a repeated submission asks Stripe again about the same refund.

    Raises:
        RefundNotAllowed: for an unpaid order, or units or an amount beyond what is left
            (nothing is sent).
        PaymentProviderRefused: when Stripe refuses (the refund is recorded as failed).
        PaymentProviderUnavailable: when Stripe's answer never came (the refund stays requested).
    """
    user_id = requested_by.pk if isinstance(requested_by, AbstractBaseUser) else None
    refund, is_new = _claim_refund(order, quantities, request_key, user_id)
    if refund.status != Refund.Status.REQUESTED:
        return refund
    return send_refund(refund, first_attempt=is_new)


def send_refund(refund: Refund, first_attempt: bool = False) -> Refund:
    """Ask the provider to make a requested refund, or ask again about one whose answer never
    came.

    A retry first looks for a refund the provider already made for the request, and otherwise
    sends the same request with the same idempotency key: either way it refunds once.

    Raises:
        PaymentProviderRefused: when the provider refuses (the refund is recorded as failed).
        PaymentProviderUnavailable: when it does not answer (the refund stays requested).
    """
    if not first_attempt and not _claim_retry(refund):
        return refund  # another request is asking the provider about it right now
    order = refund.order
    provider = provider_of(order)
    label = Order.Provider(order.payment_provider).label
    try:
        result = None
        if not first_attempt:
            result = provider.find_refund(order.provider_payment_id, refund.request_key)
        if result is None:
            result = provider.create_refund(
                payment_id=order.provider_payment_id,
                currency=order.currency,
                amount=to_minor_units(refund.amount, order.currency),
                request_key=refund.request_key,
                order_reference=order.reference,
            )
    except PaymentProviderRefused as error:
        refund.status = Refund.Status.FAILED
        refund.failure_message = error.message[:255]
        refund.save(update_fields=["status", "failure_message", "updated_at"])
        raise
    except PaymentProviderUnavailable as error:
        note = f"{error.message} {label} may have refunded it: ask again (it never refunds twice)."
        Refund.objects.filter(pk=refund.pk, status=Refund.Status.REQUESTED).update(
            failure_message=note[:255], updated_at=timezone.now()
        )
        raise PaymentProviderUnavailable(
            f"{error.message} We do not know yet whether the refund of "
            f"{format_money(refund.amount, order.currency)} went through, so it stays "
            f'"{Refund.Status.REQUESTED.label}". Ask {label} again from this page (it never '
            "refunds twice), or let reconcile_payments settle it."
        ) from error
    return _record_refund_result(refund, result)


def _claim_retry(refund: Refund) -> bool:
    """Let one caller at a time ask Stripe again about `refund` (a conditional UPDATE)."""
    claimed = Refund.objects.filter(
        pk=refund.pk, status=Refund.Status.REQUESTED, updated_at=refund.updated_at
    ).update(updated_at=timezone.now())
    return claimed == 1


def _record_refund_result(refund: Refund, result: ProviderRefund) -> Refund:
    """Take what the provider says about one of the shop's refunds onto it and its order."""
    with transaction.atomic():
        order = lock_order(refund.order)
        refund = Refund.objects.get(pk=refund.pk)
        status = REFUND_STATUSES[result.state]
        if (refund.provider_refund_id, refund.status) == (result.id, status):
            return refund  # already known (the webhook and the answer both tell it)
        refund.provider_refund_id = result.id
        refund.status = status
        refund.failure_message = ""
        refund.save(update_fields=["provider_refund_id", "status", "failure_message", "updated_at"])
        update_refunded_total(
            order,
            f"Refund of {format_money(refund.amount, order.currency)}: "
            f"{refund.get_status_display()}",
        )
    return refund


def record_refund_update(result: ProviderRefund) -> Refund | None:
    """Take a refund's new state from Stripe (`charge.refund.updated`, `refund.updated`,
    `refund.failed`, or looked up) onto the shop's refund and its order.

    The refund is found by its Stripe id, or by the shop's request key in its metadata when the
    answer to the request never came. Returns None for a refund the shop did not ask for (one
    made in the dashboard counts through the charge's refunded total instead).
    """
    refund = Refund.objects.select_related("order").filter(provider_refund_id=result.id).first()
    if refund is None and result.request_key:
        refund = (
            Refund.objects.select_related("order")
            .filter(request_key=result.request_key, provider_refund_id__isnull=True)
            .first()
        )
    if refund is None:
        logger.info("Ignoring refund %s: the shop did not ask for it", result.id)
        return None
    return _record_refund_result(refund, result)


def pending_refunds() -> list[Refund]:
    """Refunds Stripe accepted but has not finished (e.g. to a bank account)."""
    return list(Refund.objects.select_related("order").filter(status=Refund.Status.PENDING))


def unanswered_refunds() -> list[Refund]:
    """Refund requests whose answer from Stripe never came, old enough to ask about again."""
    return list(
        Refund.objects.select_related("order").filter(
            status=Refund.Status.REQUESTED,
            updated_at__lt=timezone.now() - RETRY_UNANSWERED_AFTER,
        )
    )


def record_charge_refunds(charge: RefundedTotal) -> Order | None:
    """Take a charge's refunded total from Stripe (`charge.refunded`, or looked up by
    reconcile) onto its order: what the shop's own refunds do not explain was refunded outside
    the shop (in Stripe's dashboard).

    Returns None for a charge that is not for a paid order of this shop.
    """
    order = Order.objects.filter(
        payment_provider=charge.provider, provider_payment_id=charge.payment_id
    ).first()
    if order is None or not charge.payment_id or not order.is_paid:
        logger.info("Ignoring refunds of payment %s: no paid order has it", charge.payment_id)
        return None
    with transaction.atomic():
        order = lock_order(order)
        refunded = from_minor_units(charge.amount_refunded, order.currency)
        outside = max(refunded - _total_of(order, COUNTED_BY_STRIPE), Decimal(0))
        if outside != order.refunded_outside_shop:
            order.refunded_outside_shop = outside
            order.save(update_fields=["refunded_outside_shop", "updated_at"])
        update_refunded_total(
            order, f"Stripe reports {format_money(refunded, order.currency)} refunded"
        )
    return order
