"""Ordering through WhatsApp: the cart as a message to the shop's number, with a pay link.

The link carries the cart's lines (variants, quantities and the stories they were added from),
signed with SECRET_KEY under this module's salt and good for `PAY_LINK_MAX_AGE`: whoever opens
it gets that cart back and may pay for it. Nothing is held when the chat opens; the stock is
held only when the reader pays, by the ordinary checkout, and the order is marked as coming
from WhatsApp. Prices are the server's at that moment, never the link's.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.core import signing
from django.urls import reverse

from commerce.catalogue.money import format_money
from commerce.shop.exceptions import InvalidCartRequest
from commerce.shop.services.cart import (
    MAX_CART_LINES,
    CartLine,
    CartSource,
    PricedCart,
    resolve_source,
)

PAY_LINK_SALT = "commerce.shop.whatsapp-pay-link"
PAY_LINK_MAX_AGE = timedelta(days=7)


class InvalidPayLink(InvalidCartRequest):
    """A pay link that was tampered with, or names no cart."""


class PayLinkExpired(InvalidCartRequest):
    """A pay link older than PAY_LINK_MAX_AGE."""


def pay_link_token(lines: list[CartLine]) -> str:
    """The signed, timestamped token of a pay link for `lines`."""
    payload = [[line.variant_id, line.quantity, line.page_id, line.block_id] for line in lines]
    return signing.dumps(payload, salt=PAY_LINK_SALT, compress=True)


def lines_from_pay_link(token: str) -> list[CartLine]:
    """The cart lines a pay link carries. A story that is no longer live and public credits
    nobody (its line is still sold).

    Raises:
        InvalidPayLink: for a tampered or malformed token.
        PayLinkExpired: for one older than PAY_LINK_MAX_AGE.
    """
    try:
        payload = signing.loads(token, salt=PAY_LINK_SALT, max_age=PAY_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise PayLinkExpired(
            f"This pay link has expired (links last {PAY_LINK_MAX_AGE.days} days): ask the shop "
            "for a new one."
        ) from error
    except signing.BadSignature as error:
        raise InvalidPayLink("This pay link is not valid.") from error
    if not isinstance(payload, list) or not 0 < len(payload) <= MAX_CART_LINES:
        raise InvalidPayLink("This pay link is not valid.")
    return [_line(item) for item in payload]


def _line(item: object) -> CartLine:
    if not (isinstance(item, list) and len(item) == 4):
        raise InvalidPayLink("This pay link is not valid.")
    variant_id, quantity, page_id, block_id = item
    if not (isinstance(variant_id, int) and isinstance(quantity, int)):
        raise InvalidPayLink("This pay link is not valid.")
    if not (page_id is None or isinstance(page_id, int)) or not isinstance(block_id, str):
        raise InvalidPayLink("This pay link is not valid.")
    try:
        source = resolve_source(page_id, block_id or "", variant_id)
    except InvalidCartRequest:
        source = CartSource()
    return CartLine(variant_id, quantity, source.page_id, source.block_id, source.added_at)


def whatsapp_message(priced: PricedCart, pay_url: str) -> str:
    """The message the reader sends the shop: the lines, the total and the pay link."""
    lines = [
        f"{item.line.quantity} x {item.variant} ({format_money(item.line_total, priced.currency)})"
        for item in priced.lines
        if item.variant is not None
    ]
    total = format_money(priced.total, priced.currency)
    return "\n".join(
        ["Hello! I would like to order:", *lines, f"Total: {total}", f"Pay: {pay_url}"]
    )


def whatsapp_order_url(number: str, priced: PricedCart, root_url: str) -> str:
    """The wa.me link that opens a chat with the shop's `number` (digits), the message ready."""
    token = pay_link_token([item.line for item in priced.lines if item.variant is not None])
    pay_url = root_url + reverse("commerce:pay_link", args=[token])
    return f"https://wa.me/{number}?{urlencode({'text': whatsapp_message(priced, pay_url)})}"
