"""Act on what Stripe says about a checkout: paid, still processing, failed or expired.

Every function here can be called any number of times, in any order and concurrently (webhook
redeliveries, the success page, the reconcile command): each locks the order's row, checks what
is already done, and does only the rest.
"""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from commerce.catalogue.money import format_money, to_minor_units
from commerce.shop import stripe_gateway
from commerce.shop.exceptions import PaymentProviderError, UnknownOrder
from commerce.shop.models import Order
from commerce.shop.services.commissions import record_commissions
from commerce.shop.services.notifications import confirm_order_after_commit
from commerce.shop.services.orders import lock_order, record_status
from commerce.shop.services.stock import commit_stock, hold_stock_until_paid, release_stock
from commerce.shop.stripe_gateway import CheckoutSession
from storyshop.ratelimits import CHECKOUT_LOOKUP, count_client

logger = logging.getLogger(__name__)

# The success page asks Stripe about one Checkout Session at most this often; reloads in between
# show the order as the shop knows it (a webhook settles it meanwhile).
SESSION_LOOKUP_INTERVAL = timedelta(seconds=10)


def order_for_session(session: CheckoutSession) -> Order:
    """Return the order a Checkout Session was opened for.

    Raises:
        UnknownOrder: when the session names no order of this shop, or another session is the
            order's.
    """
    order = Order.objects.filter(reference=session.order_reference).first()
    if order is None or order.stripe_checkout_session_id not in (None, session.id):
        raise UnknownOrder(f"Checkout Session {session.id} is not for an order of this shop.")
    return order


def _payment_mismatch(order: Order, session: CheckoutSession) -> str:
    """Say how Stripe's amount or currency differs from the order's (empty when they agree)."""
    expected = to_minor_units(order.total, order.currency)
    if session.amount_total == expected and session.currency == order.currency:
        return ""
    return (
        f"Stripe reports {session.amount_total} {session.currency} for order "
        f"{order.reference}, which costs {expected} {order.currency} (minor units)"
    )


def _hold_for_attention(order: Order, session: CheckoutSession, problem: str) -> None:
    """Keep a payment the shop cannot take as it is out of the paid orders, for a person."""
    release_stock(order)
    order.stripe_payment_intent_id = session.payment_intent_id
    order.email = session.customer_email or order.email
    order.reservation_expires_at = None
    logger.error("Order %s needs attention: %s", order.reference, problem)
    record_status(
        order,
        Order.Status.NEEDS_ATTENTION,
        f"{problem}. Its stock was put back; refund or settle it in Stripe's dashboard.",
    )


def _mark_paid(order: Order, session: CheckoutSession) -> None:
    order.stripe_payment_intent_id = session.payment_intent_id
    order.email = session.customer_email or order.email
    mark_paid(order, f"Paid {format_money(order.total, order.currency)} through Stripe")


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
    record_commissions(order)


def fulfil_checkout_session(session: CheckoutSession) -> Order:
    """Mark the session's order paid, commit its stock, record commissions and, once that is
    committed, send the confirmation e-mail, each once; for a completed session still waiting
    for its money (e.g. a bank transfer) keep the stock held until it arrives. Called by the
    webhook, the success page and the reconcile command.

    A paid session whose amount or currency is not the order's moves the order to "Needs
    attention" (its stock put back, the reason in its history) instead of marking it paid.

    Raises:
        UnknownOrder: when the session is not for an order of this shop.
    """
    return _fulfil(order_for_session(session), session)


def _fulfil(order: Order, session: CheckoutSession) -> Order:
    with transaction.atomic():
        order = lock_order(order)
        if order.stripe_checkout_session_id is None:
            order.stripe_checkout_session_id = session.id
            order.save(update_fields=["stripe_checkout_session_id", "updated_at"])
        if order.status == Order.Status.NEEDS_ATTENTION:
            pass  # a person settles it
        elif not order.is_paid and session.is_paid:
            if problem := _payment_mismatch(order, session):
                _hold_for_attention(order, session, problem)
            else:
                _mark_paid(order, session)
        elif order.status == Order.Status.PENDING and session.status == "complete":
            hold_stock_until_paid(order)
            order.reservation_expires_at = None
            order.stripe_payment_intent_id = session.payment_intent_id
            order.email = session.customer_email or order.email
            record_status(order, Order.Status.PROCESSING, "Waiting for the payment to arrive")
        # After the commit (the webhook's own transaction included): a mail outage cannot
        # undo the payment, and a rolled-back payment sends nothing.
        confirm_order_after_commit(order)
    return order


def fail_checkout_payment(session: CheckoutSession) -> Order:
    """A completed checkout's delayed payment failed: put the stock back, mark the order failed."""
    return _fail_payment(order_for_session(session))


def _fail_payment(order: Order) -> Order:
    with transaction.atomic():
        order = lock_order(order)
        if order.status in Order.OPEN_STATUSES:
            release_stock(order)
            record_status(order, Order.Status.FAILED, "The payment failed at Stripe")
    return order


def settle_delayed_payment(order: Order) -> Order:
    """Ask Stripe about a PROCESSING order's payment (its webhook may never come): fulfil it
    when the money arrived, release its stock when the payment bounced, else leave it.

    Raises:
        PaymentProviderError: when Stripe cannot be asked.
    """
    if not order.stripe_checkout_session_id:
        return order
    intent_id = order.stripe_payment_intent_id
    if not intent_id:  # recorded before the shop kept it for processing orders
        session = stripe_gateway.retrieve_checkout_session(order.stripe_checkout_session_id)
        intent_id = session.payment_intent_id
    payment = stripe_gateway.retrieve_payment(intent_id)
    if payment.has_failed:
        return _fail_payment(order)
    if payment.status == "succeeded":
        session = stripe_gateway.retrieve_checkout_session(order.stripe_checkout_session_id)
        return _fulfil(order, session)
    return order


def expire_checkout(session: CheckoutSession) -> Order:
    """The checkout session ended unpaid: put the stock back, mark the order expired."""
    return _expire(order_for_session(session))


def _expire(order: Order) -> Order:
    with transaction.atomic():
        order = lock_order(order)
        if order.status == Order.Status.PENDING:
            release_stock(order)
            record_status(order, Order.Status.EXPIRED, "The checkout session expired unpaid")
    return order


def sync_order(order: Order, session: CheckoutSession) -> Order:
    """Bring `order` in line with its Checkout Session's state at Stripe.

    `order` is the session's (from `order_for_session`, or the one whose session it is).
    """
    if session.status == "expired":
        return _expire(order)
    if session.status == "complete":
        return _fulfil(order, session)
    return order


def abandon_checkout(order: Order, reason: str = "The reader left the checkout") -> Order:
    """Close a pending order's session at Stripe and put its stock back now: the reader left
    Stripe's page or started another checkout, or the session outlived its expiry.

    If Stripe cannot be reached the order is left pending; the webhook or the reconcile command
    settles it when the session expires.
    """
    if order.status != Order.Status.PENDING:
        return order
    if not order.stripe_checkout_session_id:
        return _cancel(order, f"{reason} before Stripe opened it")
    try:
        session = stripe_gateway.expire_checkout_session(order.stripe_checkout_session_id)
    except PaymentProviderError:
        # Already paid or expired meanwhile, or Stripe is down: ask what it knows.
        try:
            session = stripe_gateway.retrieve_checkout_session(order.stripe_checkout_session_id)
        except PaymentProviderError:
            return order
    if session.status == "expired":
        return _cancel(order, reason)
    return sync_order(order, session)


def abandon_reader_checkout(reference: str, reader_token: str) -> Order | None:
    """Abandon the reader's unpaid checkout with this order reference, if it is still pending
    and theirs."""
    order = Order.objects.filter(
        reference=reference, reader_token=reader_token, status=Order.Status.PENDING
    ).first()
    return abandon_checkout(order) if order is not None else None


def confirm_checkout(session_id: str, client: str = "") -> Order:
    """For the success page: settle the order of a Checkout Session the shop opened.

    The order is looked up here first, so a session id the shop never opened is refused without
    asking Stripe, and an order already settled is returned as it is. Otherwise Stripe is asked
    about the session, at most once per SESSION_LOOKUP_INTERVAL and within the allowance of the
    `client` asking (`storyshop.ratelimits.CHECKOUT_LOOKUP`), so reloading the page cannot spend
    the shop's Stripe rate limit. When Stripe is not asked, or cannot be, the order is returned
    as it is (the webhook or the reconcile command settles it).

    Raises:
        UnknownOrder: when no order of the shop has that Checkout Session.
    """
    order = Order.objects.filter(stripe_checkout_session_id=session_id).first()
    if order is None:
        raise UnknownOrder(f"No order has the Checkout Session {session_id}.")
    if order.status not in Order.OPEN_STATUSES or not _may_ask_stripe(session_id, client):
        return order
    try:
        session = stripe_gateway.retrieve_checkout_session(session_id)
    except PaymentProviderError:
        return order
    return _fulfil(order, session)


def _may_ask_stripe(session_id: str, client: str) -> bool:
    """True when Stripe may be asked about the session now: not in the last
    SESSION_LOOKUP_INTERVAL (whoever asked), and the client is within its allowance."""
    interval = int(SESSION_LOOKUP_INTERVAL.total_seconds())
    if not cache.add(f"commerce:session-lookup:{session_id}", True, timeout=interval):
        return False
    return not client or count_client(CHECKOUT_LOOKUP, client).allowed


def _cancel(order: Order, note: str) -> Order:
    with transaction.atomic():
        order = lock_order(order)
        if order.status == Order.Status.PENDING:
            release_stock(order)
            record_status(order, Order.Status.CANCELLED, note)
    return order
