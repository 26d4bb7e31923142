"""Refunds, full or partial, through Stripe; and what Stripe reports about refunds.

A refund request is recorded (REQUESTED) before Stripe is asked. Stripe's clear refusal marks it
FAILED; an answer that never came (a timeout, a 5xx) leaves it REQUESTED, because Stripe may have
refunded: asking again with the same request key is safe (same idempotency key, and Stripe's
refunds are searched for the request first), and `reconcile_payments` does it too.
"""

import logging
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from commerce import stripe_gateway
from commerce.exceptions import (
    MoneyError,
    PaymentProviderRefused,
    PaymentProviderUnavailable,
    RefundNotAllowed,
)
from commerce.models import Order, Refund
from commerce.money import format_money, from_minor_units, to_minor_units
from commerce.services.commissions import adjust_commissions_for_refunds
from commerce.services.orders import lock_order, record_status
from commerce.stripe_gateway import ChargeRefunds, RefundResult

logger = logging.getLogger(__name__)

# A refund request still unanswered after this long is asked about again by reconcile_payments
# (a younger one may still be waiting for Stripe's answer in the request that sent it).
RETRY_UNANSWERED_AFTER = timedelta(minutes=5)


def _in_flight(order: Order) -> Decimal:
    """Refunds sent to Stripe that have not come back yet."""
    amounts = order.refunds.filter(status=Refund.Status.REQUESTED).values_list("amount", flat=True)
    return sum(amounts, Decimal(0))


def _apply_refunded_total(order: Order, refunded: Decimal, note: str) -> None:
    """Raise the order's refunded total to `refunded` (never lower it) and update its status."""
    refunded = min(max(order.refunded_amount, refunded), order.total)
    if refunded == order.refunded_amount:
        return
    order.refunded_amount = refunded
    status = Order.Status.REFUNDED if refunded == order.total else Order.Status.PARTIALLY_REFUNDED
    record_status(order, status, note)
    adjust_commissions_for_refunds(order)


def _claim_refund(
    order: Order, amount: Decimal | None, request_key: str, user_id: int | None
) -> tuple[Refund, bool]:
    with transaction.atomic():
        order = lock_order(order)
        existing = Refund.objects.filter(request_key=request_key).first()
        if existing is not None:
            if existing.order_id != order.pk:
                raise RefundNotAllowed("That refund request belongs to another order.")
            return existing, False
        if not order.is_paid or not order.stripe_payment_intent_id:
            raise RefundNotAllowed(f"Order {order.reference} has no payment to refund.")
        left = order.refundable_amount - _in_flight(order)
        amount = left if amount is None else amount
        if not Decimal(0) < amount <= left:
            raise RefundNotAllowed(
                f"Refund between {format_money(Decimal('0.01'), order.currency)} and "
                f"{format_money(left, order.currency)}."
                if left > 0
                else f"Order {order.reference} has nothing left to refund."
            )
        try:
            to_minor_units(amount, order.currency)
        except MoneyError as error:
            raise RefundNotAllowed(error.message) from None
        refund = Refund.objects.create(
            order=order, amount=amount, request_key=request_key, requested_by_id=user_id
        )
    return refund, True


def refund_order(
    order: Order,
    amount: Decimal | None,
    request_key: str,
    requested_by: AbstractBaseUser | AnonymousUser | None = None,
) -> Refund:
    """Refund `amount` of a paid order through Stripe (all that is left when None).

    `request_key` identifies the request (the admin form makes one per form shown), so a
    repeated submission returns the first refund instead of refunding again; while Stripe's
    answer to it is unknown, a repeated submission asks Stripe again about the same refund.

    Raises:
        RefundNotAllowed: for an unpaid order or an amount outside what is left (nothing sent).
        PaymentProviderRefused: when Stripe refuses (the refund is recorded as failed).
        PaymentProviderUnavailable: when Stripe's answer never came (the refund stays requested).
    """
    user_id = requested_by.pk if isinstance(requested_by, AbstractBaseUser) else None
    refund, is_new = _claim_refund(order, amount, request_key, user_id)
    if refund.status != Refund.Status.REQUESTED:
        return refund
    return send_refund(refund, first_attempt=is_new)


def send_refund(refund: Refund, first_attempt: bool = False) -> Refund:
    """Ask Stripe to make a requested refund, or ask again about one whose answer never came.

    A retry first looks for a refund Stripe already made for the request, and otherwise sends
    the same request with the same idempotency key: either way Stripe refunds it once.

    Raises:
        PaymentProviderRefused: when Stripe refuses (the refund is recorded as failed).
        PaymentProviderUnavailable: when Stripe does not answer (the refund stays requested).
    """
    if not first_attempt and not _claim_retry(refund):
        return refund  # another request is asking Stripe about it right now
    order = refund.order
    try:
        result = None
        if not first_attempt:
            result = stripe_gateway.find_refund(order.stripe_payment_intent_id, refund.request_key)
        if result is None:
            result = stripe_gateway.create_refund(
                payment_intent_id=order.stripe_payment_intent_id,
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
        note = f"{error.message} Stripe may have refunded it: ask again (it never refunds twice)."
        Refund.objects.filter(pk=refund.pk, status=Refund.Status.REQUESTED).update(
            failure_message=note[:255], updated_at=timezone.now()
        )
        raise PaymentProviderUnavailable(
            f"{error.message} We do not know yet whether the refund of "
            f"{format_money(refund.amount, order.currency)} went through, so it stays "
            f'"{Refund.Status.REQUESTED.label}". Ask Stripe again from this page (it never '
            "refunds twice), or let reconcile_payments settle it."
        ) from error
    return _record_refund_result(refund, result)


def _claim_retry(refund: Refund) -> bool:
    """Let one caller at a time ask Stripe again about `refund` (a conditional UPDATE)."""
    claimed = Refund.objects.filter(
        pk=refund.pk, status=Refund.Status.REQUESTED, updated_at=refund.updated_at
    ).update(updated_at=timezone.now())
    return claimed == 1


def _record_refund_result(refund: Refund, result: RefundResult) -> Refund:
    with transaction.atomic():
        locked = lock_order(refund.order)
        refund.stripe_refund_id = result.id
        refund.status = _refund_status(result.status)
        refund.failure_message = ""
        refund.save(update_fields=["stripe_refund_id", "status", "failure_message", "updated_at"])
        succeeded = locked.refunds.filter(status=Refund.Status.SUCCEEDED)
        total = sum(succeeded.values_list("amount", flat=True), Decimal(0))
        _apply_refunded_total(
            locked, total, f"Refunded {format_money(refund.amount, locked.currency)}"
        )
    return refund


def unanswered_refunds() -> list[Refund]:
    """Refund requests whose answer from Stripe never came, old enough to ask about again."""
    return list(
        Refund.objects.select_related("order").filter(
            status=Refund.Status.REQUESTED,
            updated_at__lt=timezone.now() - RETRY_UNANSWERED_AFTER,
        )
    )


def _refund_status(stripe_status: str) -> str:
    if stripe_status == "succeeded":
        return Refund.Status.SUCCEEDED
    if stripe_status in {"failed", "canceled"}:
        return Refund.Status.FAILED
    return Refund.Status.PENDING


def record_charge_refunds(charge: ChargeRefunds) -> Order | None:
    """Take Stripe's refunded total for a charge (from `charge.refunded`) onto its order.

    Refunds made in Stripe's dashboard arrive this way too. Returns None for a charge that is
    not for an order of this shop.
    """
    order = Order.objects.filter(stripe_payment_intent_id=charge.payment_intent_id).first()
    if order is None or not charge.payment_intent_id:
        logger.info("Ignoring refunds of charge %s: no order has its payment", charge.charge_id)
        return None
    with transaction.atomic():
        order = lock_order(order)
        refunded = from_minor_units(charge.amount_refunded, order.currency)
        _apply_refunded_total(
            order, refunded, f"Stripe reports {format_money(refunded, order.currency)} refunded"
        )
    return order
