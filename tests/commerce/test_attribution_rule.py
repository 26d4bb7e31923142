"""One attribution rule (`commerce.shop.services.attribution.credit_for`) over HTTP: referral
links, the remembered last touch and its window, stories that must feature the product, a
creator's own purchase, and clicks counted per day."""

import re
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client
from django.utils import timezone

from commerce.shop.models import OrderLine, ReferralClick
from commerce.shop.services.attribution import COOKIE_NAME, COOKIE_SALT
from storyshop.creators.models import CreatorProfile
from tests.factories import ProductFactory, article, product_cards

pytestmark = pytest.mark.django_db


class Clock:
    """Moves the site's clock (Django's `timezone.now` and the signing timestamps) forward."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.offset = timedelta()
        real_now, real_time = timezone.now, time.time
        monkeypatch.setattr(timezone, "now", lambda: real_now() + self.offset)
        monkeypatch.setattr(time, "time", lambda: real_time() + self.offset.total_seconds())

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def dewi(db) -> CreatorProfile:
    return CreatorProfile.objects.create(name="Dewi", slug="dewi", commission_rate="0.100")


@pytest.fixture
def rini(db) -> CreatorProfile:
    return CreatorProfile.objects.create(name="Rini", slug="rini", commission_rate="0.050")


def buy_now(client, product, email: str = "") -> OrderLine:
    """Buy one of `product` from its product page, as a reader with no story in the cart."""
    form = {"variant": product.variants.get().pk, "quantity": 1}
    if email:
        form["email"] = email
    response = client.post("/checkout/", form)
    assert response.status_code == 303, response.content
    return OrderLine.objects.filter(product_name=product.name).latest("pk")


def credit_of(line: OrderLine) -> tuple:
    return (line.credit, line.creator, line.source_page_id)


def test_a_referral_link_is_remembered_and_credits_its_creator_days_later(
    client, stripe_api, clock, dewi, coffee
):
    arrival = client.get("/", {"ref": dewi.referral_code})
    assert arrival.status_code == 200
    touched = timezone.now()

    clock.advance(days=3)  # the reader leaves and comes back to the product page to buy
    client.get(coffee.get_absolute_url())
    line = buy_now(client, coffee)

    assert credit_of(line) == (OrderLine.Credit.REFERRAL, dewi, None)
    assert line.commission_rate == Decimal("0.100")
    assert abs(line.touched_at - touched) < timedelta(seconds=2)


def test_after_the_window_a_referral_credits_nobody(client, stripe_api, clock, dewi, coffee):
    client.get("/", {"ref": dewi.referral_code})

    clock.advance(days=7, minutes=1)
    line = buy_now(client, coffee)

    assert credit_of(line) == (OrderLine.Credit.NONE, None, None)
    assert line.commission_rate is None


def test_a_window_of_zero_days_remembers_nothing(client, stripe_api, settings, dewi, coffee):
    settings.STORYSHOP_ATTRIBUTION_DAYS = 0

    arrival = client.get("/", {"ref": dewi.referral_code})
    line = buy_now(client, coffee)

    assert COOKIE_NAME not in arrival.cookies
    assert line.credit == OrderLine.Credit.NONE


def test_the_product_rate_overrides_the_creator_rate_for_new_sales(
    client, stripe_api, dewi, coffee
):
    coffee.commission_rate = "0.150"
    coffee.save()
    client.get(coffee.get_absolute_url(), {"ref": dewi.referral_code})

    line = buy_now(client, coffee)

    assert (line.creator, str(line.commission_rate)) == (dewi, "0.150")


def test_the_last_touch_wins(client, stripe_api, clock, dewi, rini, stories, coffee):
    story = article(stories, title="Pagi di Gayo", creator=rini, body=product_cards([coffee]))
    client.get("/", {"ref": dewi.referral_code})
    clock.advance(days=1)
    client.get(story.url, {"via": story.pk})

    line = buy_now(client, coffee)

    assert credit_of(line) == (OrderLine.Credit.LINK, rini, story.pk)


def test_a_later_referral_beats_the_story_the_line_was_added_from(
    client, stripe_api, clock, dewi, rini, stories, coffee
):
    story = article(stories, title="Pagi di Gayo", creator=rini, body=product_cards([coffee]))
    client.post(
        "/cart/add/",
        {
            "variant": coffee.variants.get().pk,
            "quantity": 1,
            "page": story.pk,
            "block": story.body[0].id,
        },
    )
    clock.advance(hours=2)
    client.get("/", {"ref": dewi.referral_code})

    assert client.post("/checkout/").status_code == 303

    assert credit_of(OrderLine.objects.get()) == (OrderLine.Credit.REFERRAL, dewi, None)


def test_a_story_that_does_not_feature_the_product_credits_nobody(
    client, stripe_api, rini, stories, coffee
):
    story = article(
        stories, title="Tentang teh", creator=rini, body=product_cards([ProductFactory()])
    )
    client.get(story.url, {"via": story.pk})

    line = buy_now(client, coffee)

    assert credit_of(line) == (OrderLine.Credit.NONE, None, None)


def test_a_story_unpublished_since_the_visit_credits_nobody(
    client, stripe_api, rini, stories, coffee
):
    story = article(stories, title="Pagi di Gayo", creator=rini, body=product_cards([coffee]))
    client.get(story.url, {"via": story.pk})
    story.unpublish()

    line = buy_now(client, coffee)

    assert credit_of(line) == (OrderLine.Credit.NONE, None, None)


def _now() -> int:
    return int(time.time())


@pytest.mark.parametrize(
    "forge",
    [
        lambda pk: "not-signed",
        lambda pk: signing.dumps({"k": "referral", "i": pk, "t": _now()}, salt="another.salt"),
        lambda pk: signing.dumps({"k": "referral", "i": pk, "t": _now()}, key="not-our-secret"),
        lambda pk: signing.dumps({"k": "story", "i": pk, "t": _now()}, salt=COOKIE_SALT),
        lambda pk: signing.dumps({"k": "referral", "i": str(pk), "t": _now()}, salt=COOKIE_SALT),
        lambda pk: signing.dumps({"k": "referral", "i": pk}, salt=COOKIE_SALT),
        lambda pk: signing.dumps(["referral", pk], salt=COOKIE_SALT),
    ],
    ids=["unsigned", "other-salt", "other-key", "story-kind", "text-id", "no-time", "a-list"],
)
def test_a_forged_or_malformed_cookie_credits_nobody(client, stripe_api, dewi, coffee, forge):
    client.cookies[COOKIE_NAME] = forge(dewi.pk)

    line = buy_now(client, coffee)

    assert credit_of(line) == (OrderLine.Credit.NONE, None, None)


def test_the_same_cookie_signed_by_the_site_credits_the_creator(client, stripe_api, dewi, coffee):
    """The control for the forgeries above: only the signature and shape differ."""
    client.cookies[COOKIE_NAME] = signing.dumps(
        {"k": "referral", "i": dewi.pk, "t": _now()}, salt=COOKIE_SALT
    )

    assert credit_of(buy_now(client, coffee)) == (OrderLine.Credit.REFERRAL, dewi, None)


def test_a_fresh_signature_on_an_old_touch_does_not_extend_the_window(
    client, stripe_api, dewi, coffee
):
    # Signed now, but claiming a touch a year ago: the touch time decides, and it is too old.
    a_year_ago = int((datetime.now(UTC) - timedelta(days=365)).timestamp())
    client.cookies[COOKIE_NAME] = signing.dumps(
        {"k": "referral", "i": dewi.pk, "t": a_year_ago}, salt=COOKIE_SALT
    )

    assert buy_now(client, coffee).credit == OrderLine.Credit.NONE


def test_a_creator_buying_through_their_own_link_earns_nothing(client, stripe_api, dewi, coffee):
    dewi.user = get_user_model().objects.create_user("dewi", "dewi@example.com", "pw-dewi-123")
    dewi.save()
    client.get("/", {"ref": dewi.referral_code})

    by_email = buy_now(client, coffee, email="DEWI@example.com")
    client.force_login(dewi.user)
    by_account = buy_now(client, coffee)

    assert credit_of(by_email) == (OrderLine.Credit.NONE, None, None)
    assert credit_of(by_account) == (OrderLine.Credit.NONE, None, None)


def test_the_cookie_holds_no_personal_data_and_is_first_party_only(client, dewi):
    response = client.get("/", {"ref": dewi.referral_code})

    cookie = response.cookies[COOKIE_NAME]
    assert (cookie["samesite"], cookie["httponly"]) == ("Lax", True)
    assert cookie["max-age"] == 7 * 24 * 3600
    assert set(signing.loads(cookie.value, salt=COOKIE_SALT)) == {"k", "i", "t"}
    assert "private" in response["Cache-Control"]


def test_the_cookie_is_secure_where_sessions_are(client, settings, dewi):
    settings.SESSION_COOKIE_SECURE = True

    response = client.get("/", {"ref": dewi.referral_code})

    assert response.cookies[COOKIE_NAME]["secure"] is True


@pytest.mark.parametrize("ref", ["", "nosuchcode", "../../etc", "a" * 500, "DÉWI", "dewi code"])
def test_an_unknown_or_malformed_code_is_ignored(client, dewi, ref):
    response = client.get("/", {"ref": ref})

    assert response.status_code == 200
    assert COOKIE_NAME not in response.cookies
    assert not ReferralClick.objects.exists()


def test_a_code_in_capitals_still_works(client, dewi):
    response = client.get("/", {"ref": dewi.referral_code.upper()})

    assert COOKIE_NAME in response.cookies


def test_clicks_are_counted_once_per_reader_and_day_by_channel(client, clock, dewi, coffee):
    client.get("/", {"ref": dewi.referral_code})
    client.get(coffee.get_absolute_url(), {"ref": dewi.referral_code})  # same reader, same day
    client.get(
        coffee.get_absolute_url(), {"ref": dewi.referral_code, "utm_source": "embed"}
    )  # the same touch again: still one
    clock.advance(days=1)
    client.get("/", {"ref": dewi.referral_code})

    counts = {(c.day, c.channel): c.count for c in ReferralClick.objects.filter(creator=dewi)}
    today = timezone.localdate()
    assert counts == {
        (today - timedelta(days=1), ReferralClick.Channel.LINK): 1,
        (today, ReferralClick.Channel.LINK): 1,
    }


def test_readers_arriving_from_embed_cards_count_as_embed_clicks(dewi, coffee):
    for _ in range(2):
        Client().get(coffee.get_absolute_url(), {"ref": dewi.referral_code, "utm_source": "embed"})

    assert ReferralClick.objects.get(creator=dewi).channel == ReferralClick.Channel.EMBED
    assert ReferralClick.objects.get(creator=dewi).count == 2


def test_referral_codes_are_distinct_and_not_names(db):
    creators = [CreatorProfile.objects.create(name=f"C{n}", slug=f"c{n}") for n in range(50)]
    codes = {creator.referral_code for creator in creators}

    assert len(codes) == 50
    assert all(len(code) == 10 and code.isalnum() for code in codes)
    assert not codes & {creator.slug for creator in creators}


def test_an_embed_card_with_a_referral_code_credits_the_creator_through_its_button(
    client, stripe_api, dewi, coffee
):
    card = client.get(f"/embed/products/{coffee.pk}/", {"ref": dewi.referral_code})
    html = card.content.decode()
    buy = unescape(re.search(r'class="embed-card__buy" href="([^"]+)"', html).group(1))
    query = parse_qs(urlsplit(buy).query)

    assert COOKIE_NAME not in card.cookies  # framed on another site: no third-party cookie
    assert (query["ref"], query["utm_source"]) == ([dewi.referral_code], ["embed"])

    arrival = client.get(buy)
    line = buy_now(client, coffee)

    assert COOKIE_NAME in arrival.cookies
    assert ReferralClick.objects.get(creator=dewi).channel == ReferralClick.Channel.EMBED
    assert credit_of(line) == (OrderLine.Credit.REFERRAL, dewi, None)


def test_an_embed_card_with_an_unknown_code_still_shows_and_credits_nobody(client, coffee):
    card = client.get(f"/embed/products/{coffee.pk}/", {"ref": "nosuchcode"})

    buy = unescape(re.search(r'class="embed-card__buy" href="([^"]+)"', card.text).group(1))
    assert card.status_code == 200
    assert "ref" not in parse_qs(urlsplit(buy).query)
