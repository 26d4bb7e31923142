"""The session cart of an anonymous reader.

The session keeps only variant ids, quantities and where each line was added from (the story
page and its StreamField block); prices, names and stock always come from the database when the
cart is shown or checked out.
"""

import uuid
from collections.abc import Iterable, MutableMapping
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from wagtail.models import Page

from commerce.catalogue.models import ProductVariant
from commerce.shop.exceptions import InvalidCartRequest, OutOfStock
from content.page_types import story_page_types

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


@dataclass(frozen=True)
class CartLine:
    """One line as the session stores it."""

    variant_id: int
    quantity: int
    page_id: int | None = None
    block_id: str = ""

    @property
    def source(self) -> CartSource:
        return CartSource(self.page_id, self.block_id)


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


def resolve_source(page_id: int | None, block_id: str) -> CartSource:
    """Check that a line's source names a live, public story, and a block on it: only a story
    readers can see is credited with a sale (and its creator with the commission).

    Raises:
        InvalidCartRequest: for a page that is not a live, public story (unknown, unpublished,
            private, or another kind of page), a malformed block id or a block that is not on
            the story.
    """
    if page_id is None:
        if block_id:
            raise InvalidCartRequest("A block id needs the page it is on.")
        return CartSource()
    stories = Page.objects.live().public().type(*story_page_types())
    page = stories.filter(pk=page_id).specific().first()
    if page is None:
        raise InvalidCartRequest("That story does not exist.")
    if not block_id:
        return CartSource(page_id=page.pk)
    try:
        uuid.UUID(block_id)
    except ValueError:
        raise InvalidCartRequest("That block id is malformed.") from None
    if block_id not in _block_ids(page):
        raise InvalidCartRequest("That block is not on the story.")
    return CartSource(page_id=page.pk, block_id=block_id)


def _block_ids(page: Page) -> set[str]:
    """The ids of the blocks a story renders, in every StreamField it shows (a tutorial's
    materials and steps, a creator post's media and body: `story_stream_fields`)."""
    streams = [getattr(page, name) for name in getattr(page, "story_stream_fields", ())]
    return {str(block.get("id")) for stream in streams for block in stream.raw_data}


def line_for_purchase(variant_id: int, quantity: int, source: CartSource) -> CartLine:
    """Return a checked cart line for buying a variant straight away, without the cart.

    Raises:
        InvalidCartRequest, OutOfStock: as `add_to_cart`.
    """
    check_quantity(_sellable_variant(variant_id), quantity)
    return CartLine(variant_id, quantity, source.page_id, source.block_id)


def add_to_cart(session: Session, variant_id: int, quantity: int, source: CartSource) -> CartLine:
    """Add `quantity` units of a variant to the cart, remembering the story it came from.

    Adding a variant that is already in the cart adds to its line; the line then remembers the
    latest story (the last story that sold it gets the credit).

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
    line = CartLine(variant_id, in_cart + quantity, source.page_id, source.block_id)
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
    line = CartLine(variant_id, quantity, existing.page_id, existing.block_id)
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
