"""Who is credited for a sale: one rule, for the product page, the cart, Buy now and checkout.

A *touch* is a moment a reader met a product through someone:
- **story**: they added it to the cart from a story (the page and the block on it);
- **link**: they followed a link naming a story (`?via=<story id>`: share links, embed cards);
- **referral**: they followed a creator's referral link (`?ref=<code>`, on any page).

A story counts only while it is live, public and features the product (`content.featuring`); a
referral only while its creator's profile is live. The latest touch that counts wins. Links and
referrals are remembered in a signed first-party cookie for STORYSHOP_ATTRIBUTION_DAYS (the last
one only; 0 remembers nothing); a story touch travels with its cart line. A creator's own
purchase (their account, or their account's e-mail) earns them nothing. At checkout the rule runs
once per line and its outcome is stored on the order line: nothing a reader sends later changes
it.

The cookie holds a touch's kind, a page or creator id and a time, signed with the site's secret
key: no personal data, `SameSite=Lax`, `HttpOnly`, `Secure` where sessions are.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from wagtail.models import Page

from commerce.catalogue.models import Product
from commerce.shop.conf import creator_money
from commerce.shop.models import OrderLine
from content.featuring import story_features
from content.listings import live_story
from storyshop.creators.models import CreatorProfile, creator_for_page
from storyshop.links import VIA_PARAMETER, parse_via

REF_PARAMETER = "ref"
COOKIE_NAME = "storyshop_touch"
COOKIE_SALT = "storyshop.attribution"
# A referral code is at most this long (`CreatorProfile.referral_code`); longer values are
# not looked up.
MAX_REFERRAL_CODE_LENGTH = 20


class TouchKind(StrEnum):
    STORY = "story"
    LINK = "link"
    REFERRAL = "referral"


@dataclass(frozen=True)
class Touch:
    """One touch: a story (and block) or a creator, and when it happened."""

    kind: TouchKind
    at: datetime
    page_id: int | None = None
    block_id: str = ""
    creator_id: int | None = None


@dataclass(frozen=True)
class Buyer:
    """Who is buying, as far as the shop knows: their account and the e-mail they gave."""

    user_id: int | None = None
    email: str = ""


@dataclass(frozen=True)
class Credit:
    """The outcome of the rule for one line: what an order line stores."""

    kind: str = OrderLine.Credit.NONE
    story: Page | None = None
    block_id: str = ""
    creator: CreatorProfile | None = None
    touched_at: datetime | None = None
    rate: Decimal | None = None


NO_CREDIT = Credit()


@dataclass
class _Lookups:
    """What one run of the rule has read, so a cart of many lines reads each story once."""

    stories: dict[int, Any] = field(default_factory=dict)
    creators: dict[int, CreatorProfile | None] = field(default_factory=dict)
    features: dict[tuple[int, int, str], bool] = field(default_factory=dict)

    def story(self, page_id: int) -> Any:
        if page_id not in self.stories:
            self.stories[page_id] = live_story(page_id)
        return self.stories[page_id]

    def creator(self, creator_id: int) -> CreatorProfile | None:
        if creator_id not in self.creators:
            found = CreatorProfile.objects.live().select_related("user").filter(pk=creator_id)
            self.creators[creator_id] = found.first()
        return self.creators[creator_id]

    def story_features(self, story: Page, product_id: int, block_id: str) -> bool:
        key = (story.pk, product_id, block_id)
        if key not in self.features:
            self.features[key] = story_features(story, product_id, block_id)
        return self.features[key]


def _rate(product: Product, creator: CreatorProfile | None) -> Decimal | None:
    if creator is None:
        return None
    return (
        product.commission_rate if product.commission_rate is not None else creator.commission_rate
    )


def _credit_of(touch: Touch, product: Product, lookups: _Lookups) -> Credit | None:
    """The credit `touch` earns for `product`, or None when it does not count."""
    if touch.kind == TouchKind.REFERRAL:
        creator = lookups.creator(touch.creator_id) if touch.creator_id else None
        if creator is None:
            return None
        return Credit(
            OrderLine.Credit.REFERRAL,
            creator=creator,
            touched_at=touch.at,
            rate=_rate(product, creator),
        )
    story = lookups.story(touch.page_id) if touch.page_id else None
    if story is None or not lookups.story_features(story, product.pk, touch.block_id):
        return None
    creator = creator_for_page(story)
    if creator is not None and not creator.live:
        creator = None
    kind = OrderLine.Credit.STORY if touch.kind == TouchKind.STORY else OrderLine.Credit.LINK
    return Credit(kind, story, touch.block_id, creator, touch.at, _rate(product, creator))


def _is_own_purchase(creator: CreatorProfile, buyer: Buyer) -> bool:
    account = creator.user
    if account is None:
        return False
    if buyer.user_id is not None and account.pk == buyer.user_id:
        return True
    return bool(
        buyer.email and account.email and buyer.email.casefold() == account.email.casefold()
    )


def credit_for(
    product: Product,
    touches: Iterable[Touch | None],
    buyer: Buyer | None = None,
    lookups: _Lookups | None = None,
) -> Credit:
    """Who is credited for selling `product` after `touches`: the latest touch that counts.

    A creator buying through their own story or link is not credited (the story still is).
    """
    lookups = lookups or _Lookups()
    for touch in sorted((t for t in touches if t is not None), key=lambda t: t.at, reverse=True):
        credit = _credit_of(touch, product, lookups)
        if credit is None:
            continue
        if buyer and credit.creator and _is_own_purchase(credit.creator, buyer):
            credit = replace(credit, creator=None, rate=None)
            if credit.story is None:
                return NO_CREDIT
        return credit
    return NO_CREDIT


def credit_lines(
    lines: Iterable[tuple[Product, Touch | None]], remembered: Touch | None, buyer: Buyer
) -> list[Credit]:
    """`credit_for` each (product, the line's own story touch), with the remembered touch."""
    lookups = _Lookups()
    return [credit_for(product, [touch, remembered], buyer, lookups) for product, touch in lines]


def _referral(query: QueryDict | Mapping[str, str]) -> tuple[int, str] | None:
    """(creator id, code) of the live creator whose code `?ref=` gives, else None."""
    code = (query.get(REF_PARAMETER) or "").lower()
    if not (code and len(code) <= MAX_REFERRAL_CODE_LENGTH and code.isascii() and code.isalnum()):
        return None
    found = CreatorProfile.objects.live().filter(referral_code=code).values_list("pk", flat=True)
    creator_id = found.first()
    return (creator_id, code) if creator_id is not None else None


def referral_code(query: QueryDict | Mapping[str, str]) -> str:
    """The referral code `?ref=` gives when it names a live creator, else ""."""
    referral = _referral(query)
    return referral[1] if referral else ""


def _referral_touch(query: QueryDict | Mapping[str, str], now: datetime) -> Touch | None:
    referral = _referral(query)
    return Touch(TouchKind.REFERRAL, now, creator_id=referral[0]) if referral else None


def _link_touch(query: QueryDict | Mapping[str, str], now: datetime) -> Touch | None:
    story = live_story(parse_via(query.get(VIA_PARAMETER)))
    if story is None:
        return None
    return Touch(
        TouchKind.LINK, now, page_id=story.pk, creator_id=getattr(story, "creator_id", None)
    )


def touch_from_query(
    query: QueryDict | Mapping[str, str], now: datetime | None = None
) -> Touch | None:
    """The touch a request's `?ref=` (a live creator's code) or else `?via=` (a live, public
    story) names; None for anything else (unknown, malformed, unpublished: never an error)."""
    now = now or timezone.now()
    return _referral_touch(query, now) or _link_touch(query, now)


def linked_story(product: Product, query: QueryDict | Mapping[str, str]) -> Any:
    """The story a product page's `?via=` names when it features the product (the page's
    buying controls carry it, so the cart line credits it), else None."""
    return credit_for(product, [_link_touch(query, timezone.now())]).story


def story_touch(page_id: int | None, block_id: str, now: datetime | None = None) -> Touch | None:
    """The touch of adding a product from a story's block (None without a story)."""
    if page_id is None:
        return None
    return Touch(TouchKind.STORY, now or timezone.now(), page_id=page_id, block_id=block_id)


def remembered_touch(cookies: Mapping[str, str]) -> Touch | None:
    """The last link or referral the reader's cookie remembers, inside the window; None when
    there is none, it is older, or the cookie was not signed by this site."""
    window = creator_money().attribution_window
    value = cookies.get(COOKIE_NAME)
    if not value or not window:
        return None
    try:
        stored = signing.loads(value, salt=COOKIE_SALT, max_age=window)
        kind = TouchKind(stored["k"])
        subject = stored["i"]
        at = datetime.fromtimestamp(stored["t"], tz=UTC)
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError):
        return None
    if kind == TouchKind.STORY or not isinstance(subject, int) or isinstance(subject, bool):
        return None
    if at < timezone.now() - window:
        return None
    if kind == TouchKind.REFERRAL:
        return Touch(kind, at, creator_id=subject)
    return Touch(kind, at, page_id=subject)


def remember(response: HttpResponse, touch: Touch) -> None:
    """Set the attribution cookie to `touch` for the window (nothing when the window is 0)."""
    window = creator_money().attribution_window
    if not window or touch.kind == TouchKind.STORY:
        return
    subject = touch.creator_id if touch.kind == TouchKind.REFERRAL else touch.page_id
    value = signing.dumps(
        {"k": str(touch.kind), "i": subject, "t": int(touch.at.timestamp())}, salt=COOKIE_SALT
    )
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=int(window.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def same_touch(first: Touch | None, second: Touch) -> bool:
    """True when both name the same story or creator on the same day (a reload, not a visit)."""
    if first is None or first.kind != second.kind:
        return False
    if first.kind == TouchKind.REFERRAL:
        same_subject = first.creator_id == second.creator_id
    else:
        same_subject = (first.page_id, first.block_id) == (second.page_id, second.block_id)
    return same_subject and timezone.localdate(first.at) == timezone.localdate(second.at)
