"""The session cart of an anonymous reader.

The session keeps only variant ids, quantities and where each line was added from (the story
page and its StreamField block); prices, names and stock always come from the database when the
cart is shown or checked out.
"""

import time
import uuid
from collections.abc import Iterable, MutableMapping
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings

from commerce.catalogue.models import ProductVariant
from commerce.shop.exceptions import InvalidCartRequest, OutOfStock
from commerce.shop.services.attribution import Touch, credit_for, story_touch
from content.listings import live_story

SESSION_KEY = "cart"
# Shops sell to readers, not resellers: a line holds at most this many units...
MAX_LINE_QUANTITY = 10
# ...and a cart at most this many lines (Stripe Checkout takes up to 100 line items).
MAX_CART_LINES = 20
QUANTITY_MESSAGE = f"Choose between 1 and {MAX_LINE_QUANTITY} of an item."

Session = MutableMapping[str, Any]


@dataclass(frozen=True)
class CartSource:
    """Where a reader added a product from: a story page and the block on it, when known."""

    page_id: int | None = None
    block_id: str = ""
    added_at: float = 0.0  # when (a POSIX time), for the attribution rule's "latest touch"


@dataclass(frozen=True)
class CartLine:
    """One line as the session stores it."""

    variant_id: int
    quantity: int
    page_id: int | None = None
    block_id: str = ""
    added_at: float = 0.0

    @property
    def source(self) -> CartSource:
        return CartSource(self.page_id, self.block_id, self.added_at)

    @property
    def touch(self) -> Touch | None:
        """The story this line was added from, as a touch for the attribution rule."""
        at = datetime.fromtimestamp(self.added_at, tz=UTC)
        return story_touch(self.page_id, self.block_id, at)


@dataclass(frozen=True)
class PricedLine:
    """A cart line with what the server says about it now."""

    line: CartLine
    variant: ProductVariant | None
    unit_price: Decimal
    problem: str

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.line.quantity


@dataclass(frozen=True)
class PricedCart:
    """The cart as the cart page shows it."""

    lines: list[PricedLine]
    currency: str
    total: Decimal

    @property
    def count(self) -> int:
        return sum(priced.line.quantity for priced in self.lines)

    @property
    def problems(self) -> list[str]:
        return [priced.problem for priced in self.lines if priced.problem]

    @property
    def can_check_out(self) -> bool:
        return bool(self.lines) and not self.problems


def read_cart(session: Session) -> list[CartLine]:
    """Return the session's cart lines (an empty list when there is none)."""
    lines = []
    for stored in session.get(SESSION_KEY) or []:
        try:
            lines.append(CartLine(**stored))
        except TypeError:
            continue  # a line stored by an older version of the shop
    return lines


def cart_count(session: Session) -> int:
    """Return how many units are in the session's cart, without touching the database."""
    return sum(line.quantity for line in read_cart(session))


def _save(session: Session, lines: Iterable[CartLine]) -> None:
    session[SESSION_KEY] = [asdict(line) for line in lines]


def _sellable_variant(variant_id: int) -> ProductVariant:
    variant = (
        ProductVariant.objects.select_related("product")
        .filter(
            pk=variant_id,
            is_active=True,
            product__is_active=True,
            product__currency=settings.STORYSHOP_CURRENCY,
        )
        .first()
    )
    if variant is None:
        raise InvalidCartRequest("That product is not for sale.")
    return variant


def check_quantity(variant: ProductVariant, quantity: int, in_cart: int = 0) -> None:
    """Refuse a quantity that is not positive, or that with the `in_cart` units already in the
    cart is above the line maximum or the stock. The one place quantities are checked.

    Raises:
        InvalidCartRequest: for a quantity outside 1..MAX_LINE_QUANTITY (in_cart included).
        OutOfStock: when fewer units are left.
    """
    total = in_cart + quantity
    if quantity < 1 or total > MAX_LINE_QUANTITY:
        raise InvalidCartRequest(QUANTITY_MESSAGE)
    if total > variant.stock:
        left = f"only {variant.stock} left" if variant.stock else "it is sold out"
        raise OutOfStock(f"Sorry, {left} of {variant}.")


def resolve_source(page_id: int | None, block_id: str, variant_id: int) -> CartSource:
    """Check that a line's source is a story that shows the variant's product, in that block:
    the attribution rule's test for a story (`commerce.shop.services.attribution`).

    Raises:
        InvalidCartRequest: for a page that is not a live, public story (unknown, unpublished,
            private, or another kind of page), a malformed block id, or a story or block that
            does not show the product.
    """
    if page_id is None:
        if block_id:
            raise InvalidCartRequest("A block id needs the page it is on.")
        return CartSource()
    if block_id:
        try:
            uuid.UUID(block_id)
        except ValueError:
            raise InvalidCartRequest("That block id is malformed.") from None
    product = _sellable_variant(variant_id).product
    if credit_for(product, [story_touch(page_id, block_id)]).story is None:
        if live_story(page_id) is None:
            raise InvalidCartRequest("That story does not exist.")
        raise InvalidCartRequest("That story does not show this product.")
    return CartSource(page_id=page_id, block_id=block_id, added_at=time.time())


def line_for_purchase(variant_id: int, quantity: int, source: CartSource) -> CartLine:
    """Return a checked cart line for buying a variant straight away, without the cart.

    Raises:
        InvalidCartRequest, OutOfStock: as `add_to_cart`.
    """
    check_quantity(_sellable_variant(variant_id), quantity)
    return CartLine(variant_id, quantity, source.page_id, source.block_id, source.added_at)


def add_to_cart(session: Session, variant_id: int, quantity: int, source: CartSource) -> CartLine:
    """Add `quantity` units of a variant to the cart, remembering the story it came from.

    Adding a variant that is already in the cart adds to its line; the line then remembers the
    latest story it was added from (an add without a story keeps the earlier one).

    Raises:
        InvalidCartRequest: for an unknown variant or a quantity out of bounds.
        OutOfStock: when the line would hold more than is left.
    """
    variant = _sellable_variant(variant_id)
    lines = read_cart(session)
    existing = next((line for line in lines if line.variant_id == variant_id), None)
    if existing is None and len(lines) >= MAX_CART_LINES:
        raise InvalidCartRequest(f"A cart holds at most {MAX_CART_LINES} different items.")
    in_cart = existing.quantity if existing else 0
    check_quantity(variant, quantity, in_cart)
    if existing and source.page_id is None:
        source = existing.source
    line = CartLine(
        variant_id, in_cart + quantity, source.page_id, source.block_id, source.added_at
    )
    if existing:
        lines = [line if item is existing else item for item in lines]
    else:
        lines.append(line)
    _save(session, lines)
    return line


def _existing_line(lines: list[CartLine], variant_id: int) -> CartLine:
    line = next((line for line in lines if line.variant_id == variant_id), None)
    if line is None:
        raise InvalidCartRequest("That item is not in your cart.")
    return line


def update_cart_line(session: Session, variant_id: int, quantity: int) -> CartLine:
    """Set the quantity of a line already in the cart.

    Raises:
        InvalidCartRequest: when the variant is not in the cart or the quantity is out of bounds.
        OutOfStock: when fewer units are left.
    """
    lines = read_cart(session)
    existing = _existing_line(lines, variant_id)
    check_quantity(_sellable_variant(variant_id), quantity)
    line = replace(existing, quantity=quantity)
    _save(session, [line if item is existing else item for item in lines])
    return line


def remove_from_cart(session: Session, variant_id: int) -> None:
    """Take a line out of the cart.

    Raises:
        InvalidCartRequest: when the variant is not in the cart.
    """
    lines = read_cart(session)
    existing = _existing_line(lines, variant_id)
    _save(session, [item for item in lines if item is not existing])


def replace_cart(session: Session, lines: list[CartLine]) -> None:
    """Make `lines` the session's cart (a WhatsApp pay link's), within the cart's bounds.

    Raises:
        InvalidCartRequest: for more lines than a cart holds.
    """
    if len(lines) > MAX_CART_LINES:
        raise InvalidCartRequest(f"A cart holds at most {MAX_CART_LINES} different items.")
    _save(session, lines)


def clear_cart(session: Session) -> None:
    """Empty the cart (after a paid checkout)."""
    session.pop(SESSION_KEY, None)


def price_cart(lines: list[CartLine]) -> PricedCart:
    """Price `lines` from the database in one query, noting what can no longer be bought."""
    variants = ProductVariant.objects.select_related("product").in_bulk(
        [line.variant_id for line in lines]
    )
    currency = settings.STORYSHOP_CURRENCY
    priced = [_priced_line(line, variants.get(line.variant_id), currency) for line in lines]
    total = sum((item.line_total for item in priced if item.variant), Decimal(0))
    return PricedCart(lines=priced, currency=currency, total=total)


def _priced_line(line: CartLine, variant: ProductVariant | None, currency: str) -> PricedLine:
    if variant is None or not (variant.is_active and variant.product.is_active):
        return PricedLine(line, None, Decimal(0), "An item in your cart is no longer sold.")
    if variant.product.currency != currency:  # left from before STORYSHOP_CURRENCY changed
        return PricedLine(line, None, Decimal(0), f"{variant} is not sold in {currency}.")
    problem = ""
    if line.quantity > variant.stock:
        left = f"only {variant.stock} left" if variant.stock else "sold out"
        problem = f"{variant}: {left}."
    return PricedLine(line, variant, variant.price, problem)
