"""Start a checkout: price the cart on the server, hold its stock, record a pending order with
its attribution, then ask the chosen payment provider for a hosted checkout."""

from collections.abc import Sequence
from contextlib import nullcontext, suppress
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.utils import timezone

from commerce.catalogue.money import to_minor_units
from commerce.shop.conf import HoldLimits, hold_limits
from commerce.shop.exceptions import (
    CheckoutInProgress,
    EmptyCart,
    InvalidCartRequest,
    OutOfStock,
    PaymentProviderError,
    PaymentsNotConfigured,
)
from commerce.shop.models import Order, OrderLine, OrderStatusChange
from commerce.shop.payments.contract import (
    CheckoutLine,
    CheckoutRequest,
    PaymentProvider,
    ProviderCheckout,
)
from commerce.shop.payments.registry import enabled_providers, provider_named
from commerce.shop.services.attribution import (
    NO_CREDIT,
    Buyer,
    Credit,
    Touch,
    credit_lines,
)
from commerce.shop.services.cart import CartLine, PricedCart, PricedLine, price_cart
from commerce.shop.services.holds import (
    client_lock,
    refuse_more_open_checkouts,
    refuse_too_many_units,
)
from commerce.shop.services.open_checkouts import (
    StartedCheckout,
    close_open_checkouts,
    replace_abandoned_checkout,
    reuse_open_checkout,
)
from commerce.shop.services.orders import lock_order, record_status
from commerce.shop.services.stock import release_stock, reserve_stock

PAYMENTS_OFF_MESSAGE = "Payments are not configured on this site yet, so nothing can be bought."
# A double click races its own first click at most this many times before giving up.
START_ATTEMPTS = 3


@dataclass(frozen=True)
class CheckoutUrls:
    """Where the payment provider sends the reader back (absolute URLs)."""

    success_url: str
    cancel_url: str


def _buyable(lines: Sequence[CartLine]) -> PricedCart:
    if not lines:
        raise EmptyCart("Your cart is empty.")
    priced = price_cart(list(lines))
    for item in priced.lines:
        if not item.problem:
            continue
        if item.variant is not None and item.line.quantity > item.variant.stock:
            raise OutOfStock(item.problem)
        raise InvalidCartRequest(item.problem)
    return priced


def _checkout_line(item: PricedLine, currency: str) -> CheckoutLine:
    assert item.variant is not None  # _buyable refused lines without one
    return CheckoutLine(
        name=str(item.variant),
        sku=item.variant.sku,
        unit_amount=to_minor_units(item.unit_price, currency),
        quantity=item.line.quantity,
    )


def create_pending_order(
    priced: PricedCart,
    expires_at: datetime,
    reader: str = "",
    client: str = "",
    limits: HoldLimits | None = None,
    provider: str = Order.Provider.STRIPE,
    email: str = "",
    channel: str = Order.Channel.WEB,
    credits: Sequence[Credit] = (),
) -> Order:
    """Record a pending order for `priced` with each line's credit (`credits`, in line order;
    none without), holding its stock.

    With a `client` (`storyshop.ratelimits.client_key`) and `limits`, what the client may hold
    is counted under its lock in the same transaction (`commerce.shop.services.holds`), so
    checkouts of one client racing each other cannot hold more between them.

    Raises:
        OutOfStock: when a line's units were bought meanwhile (nothing is recorded).
        HoldLimitReached, TooManyOpenCheckouts: when the client may not hold this too (nothing
            is recorded).
        IntegrityError: when the reader has another pending order (nothing is recorded).
    """
    lines = [item.line for item in priced.lines]
    credits = list(credits) or [NO_CREDIT] * len(lines)
    bounded = limits if client else None
    with transaction.atomic(), client_lock(client) if bounded else nullcontext():
        if bounded:
            refuse_more_open_checkouts(client, bounded)
        order = Order.objects.create(
            currency=priced.currency,
            total=priced.total,
            reader_token=reader,
            client_token=client,
            reservation_expires_at=expires_at,
            payment_provider=provider,
            email=email,
            channel=channel,
        )
        OrderLine.objects.bulk_create(
            _order_line(order, item, credit)
            for item, credit in zip(priced.lines, credits, strict=True)
        )
        quantities = {line.variant_id: line.quantity for line in lines}
        reserve_stock(order, quantities, expires_at, bounded.share if bounded else None)
        OrderStatusChange.objects.create(
            order=order, status=Order.Status.PENDING, note="Checkout started"
        )
    return order


def _order_line(order: Order, item: PricedLine, credit: Credit) -> OrderLine:
    assert item.variant is not None
    return OrderLine(
        order=order,
        variant=item.variant,
        product_name=item.variant.product.name,
        variant_name=item.variant.name,
        sku=item.variant.sku,
        unit_price=item.unit_price,
        quantity=item.line.quantity,
        source_page=credit.story,
        source_block_id=credit.block_id,
        creator=credit.creator,
        credit=credit.kind,
        touched_at=credit.touched_at,
        commission_rate=credit.rate,
    )


def _credits(priced: PricedCart, remembered: Touch | None, buyer: Buyer) -> list[Credit]:
    products = [item.variant.product for item in priced.lines if item.variant is not None]
    touches = [item.line.touch for item in priced.lines]
    return credit_lines(zip(products, touches, strict=True), remembered, buyer)


def choose_provider(name: str | None) -> PaymentProvider:
    """The provider a reader chose (`name`), or the first one when they did not choose.

    Raises:
        PaymentsNotConfigured: when no provider is on, or the one named is not.
    """
    enabled = enabled_providers()
    if not enabled:
        raise PaymentsNotConfigured(PAYMENTS_OFF_MESSAGE)
    if not name:
        return enabled[0]
    chosen = provider_named(name)
    if chosen not in enabled:
        raise PaymentsNotConfigured(f"Paying through {chosen.choice().label} is not on.")
    return chosen


def start_checkout(
    lines: Sequence[CartLine],
    urls: CheckoutUrls,
    reader: str,
    client: str,
    provider_name: str | None = None,
    email: str = "",
    channel: str = Order.Channel.WEB,
    remembered: Touch | None = None,
    buyer: Buyer | None = None,
) -> StartedCheckout:
    """Hold the stock for `lines`, record a pending order and open the hosted checkout of the
    chosen provider (the first one on, without a choice).

    The reader (`reader`, see `reader_token`) holds stock for one checkout at a time: their
    open checkout of the same lines (a double click, or Back from the provider's page) is
    reused; one of other lines is closed first, so the units it held are free for this one.
    Their connection (`client`, see `storyshop.ratelimits.client_key`) holds only its share,
    whatever cookies it rotates (`commerce.shop.services.holds`): at its limit of open
    checkouts, its oldest one is closed first when it looks abandoned.

    Each line is credited once, here (`attribution.credit_for`: its story, the link or
    referral the reader's cookie remembers (`remembered`), and who is buying (`buyer`)).

    The provider is called after the order's transaction has committed, so no row lock is held
    while waiting for it. When it fails the stock is put back and the order is marked failed;
    the reader's cart is not touched here at all.

    Raises:
        PaymentsNotConfigured: without a provider on, or the chosen one off (nothing recorded).
        EmptyCart, InvalidCartRequest, OutOfStock, MoneyError: when the lines cannot be bought
            as they are (nothing is recorded).
        HoldLimitReached, TooManyOpenCheckouts: when the client may not hold these too
            (nothing is recorded).
        CheckoutInProgress: when other starts of the same reader kept winning the race.
        PaymentProviderError: when the provider fails or times out.
    """
    provider = choose_provider(provider_name)
    limits = hold_limits()
    refuse_too_many_units(sum(line.quantity for line in lines), limits)
    for _ in range(START_ATTEMPTS):
        if reused := reuse_open_checkout(reader, lines, provider):
            return reused
        close_open_checkouts(reader)
        priced = _buyable(lines)
        credits = _credits(priced, remembered, buyer or Buyer(email=email))
        replace_abandoned_checkout(client, limits)
        expires_at = timezone.now() + provider.checkout_lifetime()
        try:
            order = create_pending_order(
                priced,
                expires_at,
                reader,
                client,
                limits,
                provider=provider.name,
                email=email,
                channel=channel,
                credits=credits,
            )
        except IntegrityError:
            continue  # another start of this reader (a double click) got there first
        return _open_checkout(order, priced, urls, provider)
    raise CheckoutInProgress(
        "Your checkout is already being opened in another tab or by an earlier click; "
        "please wait a moment."
    )


def _open_checkout(
    order: Order, priced: PricedCart, urls: CheckoutUrls, provider: PaymentProvider
) -> StartedCheckout:
    assert order.reservation_expires_at is not None
    request = CheckoutRequest(
        order_reference=order.reference,
        currency=order.currency,
        lines=tuple(_checkout_line(item, priced.currency) for item in priced.lines),
        # Both pages act only on the order their link names (see views.checkout).
        success_url=f"{urls.success_url}?{urlencode({'order': order.reference})}",
        cancel_url=f"{urls.cancel_url}?{urlencode({'order': order.reference})}",
        expires_at=order.reservation_expires_at,
        idempotency_key=f"checkout-session-{order.reference}",
        email=order.email,
    )
    try:
        checkout = provider.start_checkout(request)
    except PaymentProviderError as error:
        fail_checkout_start(order, error.message)
        raise
    _record_checkout(order, checkout, provider)
    return StartedCheckout(order=order, payment_url=checkout.url)


def _record_checkout(order: Order, checkout: ProviderCheckout, provider: PaymentProvider) -> None:
    """Note the order's hosted checkout; if a newer start of the reader closed the order while
    the provider answered, close the checkout too and say so."""
    order.provider_checkout_id = checkout.id
    still_open = Order.objects.filter(pk=order.pk, status=Order.Status.PENDING)
    if still_open.update(provider_checkout_id=checkout.id, updated_at=timezone.now()):
        return
    Order.objects.filter(pk=order.pk).update(provider_checkout_id=checkout.id)
    # Best effort: otherwise it expires by itself, and a payment of it would still be taken.
    with suppress(PaymentProviderError):
        provider.expire_checkout(checkout.id)
    raise CheckoutInProgress("A newer checkout from your browser replaced this one.")


def fail_checkout_start(order: Order, reason: str) -> None:
    """Put back the stock of a checkout the provider could not open, and mark its order failed."""
    with transaction.atomic():
        order = lock_order(order)
        if order.status != Order.Status.PENDING:
            return
        release_stock(order)
        record_status(order, Order.Status.FAILED, f"Could not open the checkout: {reason}")
