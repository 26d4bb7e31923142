"""Reviews from real buyers: the signed links in their confirmation e-mail, and writing one.

A review link proves its reader bought the product without an account: it carries the order's
reference and the order line's id, signed with the site's SECRET_KEY under this module's salt
(`django.core.signing`), and is good for `REVIEW_LINK_MAX_AGE`. Each order line gets at most
one review (a `ReviewedPurchase`, unique per line), which editors publish in the Reviews snippet.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse

from commerce.catalogue.models import Product, Review
from commerce.shop.exceptions import (
    AlreadyReviewed,
    InvalidReviewLink,
    ReviewLinkExpired,
    ReviewNotAllowed,
)
from commerce.shop.models import Order, OrderLine, Refund, RefundLine, ReviewedPurchase
from storyshop.links import absolute

REVIEW_LINK_SALT = "commerce.reviews.write-review"
REVIEW_LINK_MAX_AGE = timedelta(days=180)
# A refunded order was given back: its buyer no longer "bought" it. A partly refunded one may
# still be reviewed, except for lines whose every unit was refunded (see `_refuse_unless_kept`).
REVIEWABLE_STATUSES = (Order.Status.PAID, Order.Status.PARTIALLY_REFUNDED)


@dataclass(frozen=True)
class ReviewLink:
    """One product of an order and the absolute URL where its buyer reviews it."""

    product_name: str
    url: str


def review_token(line: OrderLine) -> str:
    """The signed, timestamped token of `line`'s review link (its order must be loaded)."""
    return signing.dumps({"order": line.order.reference, "line": line.pk}, salt=REVIEW_LINK_SALT)


def review_links(order: Order, lines: list[OrderLine]) -> list[ReviewLink]:
    """A review link per product bought in `order` (its first line of it), for the e-mail.

    Lines whose product was deleted get none, and neither does an order that cannot review.
    `lines` are `order.lines` with their variants loaded (so each knows its order).
    """
    if order.status not in REVIEWABLE_STATUSES:
        return []
    links: list[ReviewLink] = []
    seen_products: set[int] = set()
    for line in lines:
        if line.variant is None or line.variant.product_id in seen_products:
            continue
        seen_products.add(line.variant.product_id)
        path = reverse("commerce:review_write", kwargs={"token": review_token(line)})
        links.append(ReviewLink(product_name=line.product_name, url=absolute(None, path)))
    return links


def line_for_review(token: str) -> OrderLine:
    """The order line a review link names, with its order and product, if it may be reviewed.

    Raises:
        InvalidReviewLink: the token was tampered with or names no order line of this shop.
        ReviewLinkExpired: the token is older than REVIEW_LINK_MAX_AGE.
        ReviewNotAllowed: the order is not paid, or was refunded, or the product is gone.
        AlreadyReviewed: this line has its review already.
    """
    try:
        payload = signing.loads(token, salt=REVIEW_LINK_SALT, max_age=REVIEW_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ReviewLinkExpired(
            f"This review link has expired: buyers can review for "
            f"{REVIEW_LINK_MAX_AGE.days} days after their order."
        ) from error
    except signing.BadSignature as error:
        raise InvalidReviewLink("This review link is not valid.") from error
    line_id = payload.get("line") if isinstance(payload, dict) else None
    line = (
        OrderLine.objects.select_related("order", "variant__product")
        .filter(pk=line_id, order__reference=payload.get("order"))
        .first()
        if isinstance(line_id, int)
        else None
    )
    if line is None:
        raise InvalidReviewLink("This review link is not valid.")
    _refuse_unless_reviewable(line)
    if ReviewedPurchase.objects.filter(order_line=line).exists():
        raise AlreadyReviewed(_already_reviewed(line))
    return line


def write_review(
    line: OrderLine, *, rating: int, title: str, body: str, author_name: str
) -> Review:
    """Record the buyer's review of `line`'s product, unpublished, for editors to publish.

    Args:
        line: from `line_for_review`, with its order and product loaded.

    Raises:
        ReviewNotAllowed: the order cannot review (see `line_for_review`).
        AlreadyReviewed: a review of this line exists, even one written a moment ago.
    """
    _refuse_unless_reviewable(line)
    product = _product_of(line)
    try:
        with transaction.atomic():
            review = Review.objects.create(
                product=product,
                rating=rating,
                title=title,
                body=body,
                author_name=author_name,
                is_verified_buyer=True,
                is_published=False,
            )
            ReviewedPurchase.objects.create(order_line=line, review=review)
    except IntegrityError:
        # One purchase per line, when two posts of one link race past `line_for_review`.
        if ReviewedPurchase.objects.filter(order_line=line).exists():
            raise AlreadyReviewed(_already_reviewed(line)) from None
        raise
    return review


def _refuse_unless_reviewable(line: OrderLine) -> None:
    if line.order.status not in REVIEWABLE_STATUSES:
        if line.order.status == Order.Status.REFUNDED:
            raise ReviewNotAllowed("This order was refunded, so it cannot be reviewed.")
        raise ReviewNotAllowed("This order is not paid, so it cannot be reviewed yet.")
    _product_of(line)
    if line.order.status == Order.Status.PARTIALLY_REFUNDED:
        _refuse_unless_kept(line)


def _refuse_unless_kept(line: OrderLine) -> None:
    refunded = RefundLine.objects.filter(
        order_line=line, refund__status=Refund.Status.SUCCEEDED
    ).aggregate(units=Sum("quantity"))["units"]
    if refunded is not None and refunded >= line.quantity:
        raise ReviewNotAllowed(
            f"{line.product_name} was refunded in this order, so it cannot be reviewed."
        )


def _product_of(line: OrderLine) -> Product:
    if line.variant is None:
        raise ReviewNotAllowed(f"{line.product_name} is no longer sold, so it cannot be reviewed.")
    return line.variant.product


def _already_reviewed(line: OrderLine) -> str:
    return f"You have already reviewed {line.product_name} from this order. Thank you!"
