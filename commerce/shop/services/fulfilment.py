"""Act on what a payment provider says about a checkout: paid, still processing, failed or
expired, in the shop's own words (`CheckoutState`), whichever provider it is.

Every function here can be called any number of times, in any order and concurrently
(notification redeliveries, the success page, the reconcile command): each locks the order's
row, checks what is already done, and does only the rest.
"""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from commerce.catalogue.money import format_money, to_minor_units
from commerce.shop.exceptions import PaymentProviderError, UnknownOrder
from commerce.shop.models import Order
from commerce.shop.payments.contract import CheckoutState, ProviderCheckout
from commerce.shop.payments.registry import provider_of
from commerce.shop.services.ledger import record_accruals
from commerce.shop.services.notifications import confirm_order_after_commit
from commerce.shop.services.orders import lock_order, record_status
from commerce.shop.services.stock import commit_stock, hold_stock_until_paid, release_stock
from storyshop.ratelimits import CHECKOUT_LOOKUP, count_client

logger = logging.getLogger(__name__)

# The success page asks the provider about one checkout at most this often; reloads in between
# show the order as the shop knows it (a notification settles it meanwhile).
SESSION_LOOKUP_INTERVAL = timedelta(seconds=10)


def _provider_label(order: Order) -> str:
    return Order.Provider(order.payment_provider).label


def order_for_checkout(checkout: ProviderCheckout) -> Order:
    """Return the order a hosted checkout was opened for.

    Raises:
        UnknownOrder: when the checkout names no order of this shop, or the order is another
            provider's or another checkout's.
    """
    order = Order.objects.filter(reference=checkout.order_reference).first()
    if (
        order is None
        or order.payment_provider != checkout.provider
        or order.provider_checkout_id not in (None, checkout.id)
    ):
        raise UnknownOrder(f"Checkout {checkout.id} is not for an order of this shop.")
    return order


def _payment_mismatch(order: Order, checkout: ProviderCheckout) -> str:
    """Say how the provider's amount or currency differs from the order's (empty when they
    agree)."""
    expected = to_minor_units(order.total, order.currency)
    if checkout.amount == expected and checkout.currency.upper() == order.currency:
        return ""
    return (
        f"{_provider_label(order)} reports {checkout.amount} {checkout.currency.upper()} for "
        f"order {order.reference}, which costs {expected} {order.currency} (minor units)"
    )


def _take_payment_details(order: Order, checkout: ProviderCheckout) -> None:
    order.provider_payment_id = checkout.payment_id or order.provider_payment_id
    order.email = checkout.email or order.email
    order.payment_method = checkout.method or order.payment_method


def _hold_for_attention(order: Order, checkout: ProviderCheckout, problem: str) -> None:
    """Keep a payment the shop cannot take as it is out of the paid orders, for a person."""
    release_stock(order)
    _take_payment_details(order, checkout)
    order.reservation_expires_at = None
    logger.error("Order %s needs attention: %s", order.reference, problem)
    record_status(
        order,
        Order.Status.NEEDS_ATTENTION,
        f"{problem}. Its stock was put back; refund it in {_provider_label(order)}'s dashboard "
        "or settle it by hand.",
    )


def _mark_paid(order: Order, checkout: ProviderCheckout) -> None:
    _take_payment_details(order, checkout)
    money = format_money(order.total, order.currency)
    mark_paid(order, f"Paid {money} through {_provider_label(order)}")


def mark_paid(order: Order, note: str) -> None:
    """Commit `order`'s stock, mark it paid (with `note` in its history) and record the
    commissions. Callers hold the order's row lock inside a transaction."""
    shortfalls = commit_stock(order)
    order.paid_at = timezone.now()
    order.reservation_expires_at = None
    if shortfalls:
        note += "; not enough stock left for " + ", ".join(shortfalls)
        logger.error("Order %s was paid but is short of %s", order.reference, shortfalls)
    record_status(order, Order.Status.PAID, note)
    record_accruals(order)


def settle_checkout(checkout: ProviderCheckout) -> Order:
    """Bring the checkout's order in line with what its provider reports (a notification, or
    the reconcile command's look-up): mark it paid, commit its stock, record commissions and,
    once that is committed, send the confirmation e-mail, each once; keep the stock of a
    completed checkout still waiting for its money; put it back when the payment failed or the
    checkout expired.

    A paid checkout whose amount or currency is not the order's moves the order to "Needs
    attention" (its stock put back, the reason in its history) instead of marking it paid.

    Raises:
        UnknownOrder: when the checkout is not for an order of this shop.
    """
    return settle_order(order_for_checkout(checkout), checkout)


def settle_order(order: Order, checkout: ProviderCheckout) -> Order:
    """Bring `order` in line with its hosted checkout's state (see `settle_checkout`)."""
    if checkout.state in (CheckoutState.PAID, CheckoutState.PROCESSING):
        return _fulfil(order, checkout)
    if checkout.state == CheckoutState.FAILED:
        return _fail_payment(order)
    if checkout.state == CheckoutState.EXPIRED:
        return _expire(order)
    return order


def _fulfil(order: Order, checkout: ProviderCheckout) -> Order:
    with transaction.atomic():
        order = lock_order(order)
        if order.provider_checkout_id is None:
            order.provider_checkout_id = checkout.id
            order.save(update_fields=["provider_checkout_id", "updated_at"])
        if order.status == Order.Status.NEEDS_ATTENTION:
            pass  # a person settles it
        elif not order.is_paid and checkout.state == CheckoutState.PAID:
            if problem := _payment_mismatch(order, checkout):
                _hold_for_attention(order, checkout, problem)
            else:
                _mark_paid(order, checkout)
        elif order.status == Order.Status.PENDING and checkout.state == CheckoutState.PROCESSING:
            hold_stock_until_paid(order)
            order.reservation_expires_at = None
            _take_payment_details(order, checkout)
            record_status(order, Order.Status.PROCESSING, "Waiting for the payment to arrive")
        # After the commit (the notification's own transaction included): a mail outage cannot
        # undo the payment, and a rolled-back payment sends nothing.
        confirm_order_after_commit(order)
    return order


def _fail_payment(order: Order) -> Order:
    with transaction.atomic():
        order = lock_order(order)
        if order.status in Order.OPEN_STATUSES:
            release_stock(order)
            record_status(
                order, Order.Status.FAILED, f"The payment failed at {_provider_label(order)}"
            )
    return order


def settle_delayed_payment(order: Order) -> Order:
    """Ask the provider about a PROCESSING order's payment (its notification may never come):
    fulfil it when the money arrived, release its stock when the payment bounced, else leave it.

    Raises:
        PaymentProviderError: when the provider cannot be asked.
    """
    if not order.provider_checkout_id:
        return order
    return settle_order(order, provider_of(order).get_checkout(order.provider_checkout_id))


def _expire(order: Order) -> Order:
    with transaction.atomic():
        order = lock_order(order)
        if order.status == Order.Status.PENDING:
            release_stock(order)
            record_status(order, Order.Status.EXPIRED, "The checkout expired unpaid")
    return order


def abandon_checkout(order: Order, reason: str = "The reader left the checkout") -> Order:
    """Close a pending order's checkout at its provider and put its stock back now: the reader
    left the payment page or started another checkout, or the checkout outlived its expiry.

    If the provider cannot be reached the order is left pending; its notification or the
    reconcile command settles it when the checkout expires.
    """
    if order.status != Order.Status.PENDING:
        return order
    if not order.provider_checkout_id:
        return _cancel(order, f"{reason} before the payment page opened")
    provider = provider_of(order)
    try:
        checkout = provider.expire_checkout(order.provider_checkout_id)
    except PaymentProviderError:
        # Already paid or expired meanwhile, or the provider is down: ask what it knows.
        try:
            checkout = provider.get_checkout(order.provider_checkout_id)
        except PaymentProviderError:
            return order
    if checkout.state == CheckoutState.EXPIRED:
        return _cancel(order, reason)
    return settle_order(order, checkout)


def abandon_reader_checkout(reference: str, reader_token: str) -> Order | None:
    """Abandon the reader's unpaid checkout with this order reference, if it is still pending
    and theirs."""
    order = Order.objects.filter(
        reference=reference, reader_token=reader_token, status=Order.Status.PENDING
    ).first()
    return abandon_checkout(order) if order is not None else None


def confirm_checkout(reference: str, client: str = "") -> Order:
    """For the success page: settle the order with this reference, asking its provider.

    The order is looked up here first, so a reference the shop never gave out (or an order
    whose checkout never opened) is refused without asking the provider, and an order already
    settled is returned as it is. Otherwise the provider is asked about the checkout, at most
    once per SESSION_LOOKUP_INTERVAL and within the allowance of the `client` asking
    (`storyshop.ratelimits.CHECKOUT_LOOKUP`), so reloading the page cannot spend the shop's
    rate limit at the provider. When the provider is not asked, or cannot be, the order is
    returned as it is (its notification or the reconcile command settles it).

    Raises:
        UnknownOrder: when no order of the shop has that reference and a checkout.
    """
    order = Order.objects.filter(reference=reference, provider_checkout_id__isnull=False).first()
    if order is None or order.provider_checkout_id is None:
        raise UnknownOrder(f"No order {reference} has a checkout.")
    checkout_id = order.provider_checkout_id
    if order.status not in Order.OPEN_STATUSES or not _may_ask_provider(checkout_id, client):
        return order
    try:
        checkout = provider_of(order).get_checkout(checkout_id)
    except PaymentProviderError:
        return order
    return settle_order(order, checkout)


def _may_ask_provider(checkout_id: str, client: str) -> bool:
    """True when the provider may be asked about the checkout now: not in the last
    SESSION_LOOKUP_INTERVAL (whoever asked), and the client is within its allowance."""
    interval = int(SESSION_LOOKUP_INTERVAL.total_seconds())
    if not cache.add(f"commerce:session-lookup:{checkout_id}", True, timeout=interval):
        return False
    return not client or count_client(CHECKOUT_LOOKUP, client).allowed


def _cancel(order: Order, note: str) -> Order:
    with transaction.atomic():
        order = lock_order(order)
        if order.status == Order.Status.PENDING:
            release_stock(order)
            record_status(order, Order.Status.CANCELLED, note)
    return order
