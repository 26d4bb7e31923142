"""A reader's one open checkout: who the reader is, and reusing or closing their open checkout
(and, for their connection, the oldest one that looks abandoned: `replace_abandoned_checkout`).

Each reader holds stock for one checkout at a time (a partial unique constraint on the orders).
A double click sends the same checkout twice: the second is answered with the first one's
payment page, not a second hold on the stock. A checkout of other lines closes the earlier one
first, so the units it held are free for the new one and the reader is never blocked by their
own hold.
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from commerce.shop.conf import HoldLimits
from commerce.shop.exceptions import PaymentProviderError, PaymentProviderUnavailable
from commerce.shop.models import Order
from commerce.shop.payments.contract import CheckoutState, PaymentProvider
from commerce.shop.services.cart import CartLine
from commerce.shop.services.fulfilment import abandon_checkout
from commerce.shop.services.holds import oldest_replaceable_checkout

# An open checkout is reused only while this much of its time is left.
REUSE_MIN_TIME_LEFT = timedelta(minutes=5)
POLL_SECONDS = 0.1
# A busy server (threads waiting for a CPU, a database under load) stretches a start beyond
# its network time; waiting this much longer costs a double click nothing.
BUSY_MARGIN_SECONDS = 5


@dataclass(frozen=True)
class StartedCheckout:
    """A pending order and the provider's page where the reader pays for it."""

    order: Order
    payment_url: str


def reader_token(session: SessionBase) -> str:
    """Return the token that marks the orders this session placed.

    A keyed hash of the session key (never the key itself), so that every request of a session,
    including two sent at once by a double click, agrees on it. A new session is saved first.
    """
    if session.session_key is None:
        session.save()
    key = str(session.session_key)
    return salted_hmac("commerce.reader", key, algorithm="sha256").hexdigest()


def placed_by(session: SessionBase, order: Order) -> bool:
    """True when `order` was placed in this session (without creating a session to find out)."""
    if session.session_key is None or not order.reader_token:
        return False
    return constant_time_compare(reader_token(session), order.reader_token)


def reuse_open_checkout(
    reader: str, lines: Sequence[CartLine], provider: PaymentProvider
) -> StartedCheckout | None:
    """Return the reader's open checkout of exactly these lines through `provider`, to send
    them to it again.

    When another request of the reader is still opening it at the provider, wait (as long as
    that request may wait for the provider) for its checkout. None when there is nothing to
    reuse.
    """
    order = Order.objects.filter(reader_token=reader, status=Order.Status.PENDING).first()
    if order is None or order.payment_provider != provider.name or not _same_lines(order, lines):
        return None
    expires_at = order.reservation_expires_at
    if expires_at is None or expires_at < timezone.now() + REUSE_MIN_TIME_LEFT:
        return None
    checkout_id = _wait_for_checkout(order, provider.opening_budget_seconds() + BUSY_MARGIN_SECONDS)
    if not checkout_id:
        return None
    try:
        checkout = provider.get_checkout(checkout_id)
    except PaymentProviderError:
        return None
    if checkout.state != CheckoutState.OPEN or not checkout.url:
        return None
    return StartedCheckout(order=order, payment_url=checkout.url)


def close_open_checkouts(reader: str) -> None:
    """Close the reader's pending checkouts, so the units they hold are free for a new one.

    Raises:
        PaymentProviderUnavailable: when one could not be closed at its provider (it may still
            be paid).
    """
    pending = Order.objects.filter(reader_token=reader, status=Order.Status.PENDING)
    for order in pending:
        closed = abandon_checkout(order, "The reader started another checkout")
        if closed.status == Order.Status.PENDING:
            raise PaymentProviderUnavailable(
                "The payment provider did not answer while we closed your earlier checkout."
            )


def replace_abandoned_checkout(client: str, limits: HoldLimits) -> None:
    """When the client (an address range) is at its limit of open checkouts, close its oldest
    one at its provider if it looks abandoned (`holds.REPLACEABLE_AFTER`), so its units are free
    and a new checkout fits. If the provider cannot close it, it stays open and the new one is
    refused."""
    oldest = oldest_replaceable_checkout(client, limits)
    if oldest is not None:
        abandon_checkout(oldest, "A newer checkout from the same connection replaced it")


def _same_lines(order: Order, lines: Sequence[CartLine]) -> bool:
    wanted = sorted((line.variant_id, line.quantity, line.page_id, line.block_id) for line in lines)
    held = sorted(
        (line.variant_id, line.quantity, line.source_page_id, line.source_block_id)
        for line in order.lines.all()
    )
    return wanted == held


def _wait_for_checkout(order: Order, seconds: float) -> str:
    """The order's hosted checkout id, once the request opening it has recorded it ("" when it
    does not within `seconds`, or the order was settled meanwhile). The budget is every attempt
    of that request timing out with its retries, and a margin for a busy server: gave up too
    early, a double click would close the checkout its first click is still opening."""
    deadline = time.monotonic() + seconds
    while True:
        checkout_id, status = (
            Order.objects.filter(pk=order.pk).values_list("provider_checkout_id", "status").get()
        )
        if status != Order.Status.PENDING:
            return ""
        if checkout_id or time.monotonic() >= deadline:
            return checkout_id or ""
        time.sleep(POLL_SECONDS)
