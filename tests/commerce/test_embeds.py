"""Creator widgets: the framable product card, the loader script and the oEmbed endpoint."""

import re
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.shop.models import Order
from commerce.shop.services.cart import read_cart
from tests.content.test_attribution import BuyForm
from tests.factories import (
    CreatorProfileFactory,
    ImageFactory,
    ProductFactory,
    ProductVariantFactory,
    article,
    product_cards,
)

pytestmark = pytest.mark.django_db

SITE = "http://localhost"  # the default Site's root URL in the tests


@pytest.fixture
def creator_story(stories, coffee):
    creator = CreatorProfileFactory(name="Kopi Kebun")
    return article(stories, title="Gayo mornings", creator=creator, body=product_cards([coffee]))


@pytest.fixture
def pictured(coffee):
    """The coffee with a picture large enough for a full-size card rendition (480x360)."""
    coffee.image = ImageFactory(file__width=960, file__height=720)
    coffee.save()
    return coffee


def card_url(product, via=None) -> str:
    return f"/embed/products/{product.pk}/" + (f"?via={via}" if via is not None else "")


def buy_link_in(html: str) -> str:
    match = re.search(
        r'<a class="embed-card__buy" href="([^"]+)" target="_blank" rel="noopener"', html
    )
    return unescape(match.group(1))


def oembed(client, url: str, **parameters):
    return client.get("/oembed/", {"url": url, **parameters})


# The card


def test_card_shows_picture_name_price_from_stock_and_a_buy_link_crediting_the_story(
    client, coffee, creator_story
):
    ProductVariantFactory(product=coffee, name="1 kg", price_override=Decimal("450000"), stock=2)

    response = client.get(card_url(coffee, creator_story.pk))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="embed-card__name">Kopi Gayo</h1>' in html
    assert "from Rp\u00a0125.000" in html
    assert "In stock" in html
    assert re.search(r'<img [^>]*src="[^"]+fill-480x360[^"]*"', html)
    assert "Buy at Storyshop" in html
    assert "Featured in “Gayo mornings”" in html
    assert buy_link_in(html) == (
        f"{SITE}/products/{coffee.slug}/?via={creator_story.pk}&utm_source=embed"
    )
    # A card, not a page of the site: no header, footer or cart script.
    assert "site-header" not in html
    assert "cart.js" not in html
    assert f'src="/static/js/embed-card.js" data-embed-id="{coffee.pk}"' in html


def test_card_shows_the_rating_of_published_reviews(client, coffee):
    from commerce.catalogue.models import Review

    for rating in (4, 5):
        Review.objects.create(
            product=coffee, rating=rating, body="Good.", author_name="A reader", is_published=True
        )

    html = client.get(card_url(coffee)).content.decode()

    assert "★ 4.5 (2 reviews)" in html


@pytest.mark.parametrize("via", ["abc", "-1", "0", "9" * 40, "index", "draft", "unknown"])
def test_a_via_that_names_no_live_story_is_dropped_from_the_link(client, coffee, stories, via):
    draft = article(stories, title="Draft", body=product_cards([coffee]))
    draft.unpublish()
    via = {"index": stories.pk, "draft": draft.pk, "unknown": 10_000_000}.get(via, via)

    response = client.get(card_url(coffee, via))

    assert response.status_code == 200
    assert buy_link_in(response.content.decode()) == (
        f"{SITE}/products/{coffee.slug}/?utm_source=embed"
    )


@pytest.mark.parametrize("state", ["inactive", "unknown"])
def test_a_product_no_longer_sold_answers_a_small_not_found_card(client, state):
    product = ProductFactory(is_active=False)
    product_id = product.pk if state == "inactive" else 10_000_000

    response = client.get(f"/embed/products/{product_id}/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "no longer available" in html
    assert product.name not in html
    assert "X-Frame-Options" not in response.headers
    assert framed_by_any_site(response)


def framed_by_any_site(response) -> bool:
    """One policy, the site's own (scripts and styles from the site, no inline), framable by
    any site: never a second Content-Security-Policy header."""
    policies = [value for name, value in response.items() if name == "Content-Security-Policy"]
    assert len(policies) == 1
    directives = dict(part.strip().split(" ", 1) for part in policies[0].split(";"))
    assert directives["script-src"].startswith("'self'")
    assert "'unsafe-inline'" not in policies[0]
    return directives["frame-ancestors"] == "*"


def test_the_card_may_be_framed_by_any_site_and_cached_for_five_minutes(client, coffee):
    response = client.get(card_url(coffee))

    assert "X-Frame-Options" not in response.headers
    assert framed_by_any_site(response)
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300"}
    # The rest of the site still refuses to be framed.
    product_page = client.get(coffee.get_absolute_url())
    assert product_page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in product_page["Content-Security-Policy"]


def test_the_card_sets_no_cookie_even_for_a_reader_with_a_cart(client, coffee):
    anonymous = client.get(card_url(coffee))
    client.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 1})
    with_a_cart = client.get(card_url(coffee))

    for response in (anonymous, with_a_cart):
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")


def queries_for_card(client, url: str) -> int:
    client.get(url)  # the first view creates the rendition and caches the Site; count a warm one
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_card_costs_the_same_queries_whatever_the_variants_and_pictures(client, creator_story):
    plain = ProductFactory()
    rich = ProductFactory()
    for number in range(6):
        ProductVariantFactory(product=rich, price_override=Decimal(1000 + number), stock=number)
        rich.gallery_images.create(image=ImageFactory())

    # Product (with its rating), variants, image, renditions; with via, the story it names and
    # whether it features the product (commerce.shop.services.attribution.linked_story).
    assert queries_for_card(client, card_url(plain)) == queries_for_card(client, card_url(rich))
    assert queries_for_card(client, card_url(plain, creator_story.pk)) == queries_for_card(
        client, card_url(rich, creator_story.pk)
    )


@pytest.mark.usefixtures("stripe_api")
def test_a_purchase_after_the_embed_link_credits_the_story_and_its_creator(
    client, coffee, creator_story
):
    link = buy_link_in(client.get(card_url(coffee, creator_story.pk)).content.decode())
    parts = urlsplit(link)

    page = client.get(parts.path, parse_qs(parts.query))
    form = BuyForm(page.content.decode())
    client.post("/cart/add/", {**form.fields, "quantity": "1"})

    assert form.fields["page"] == str(creator_story.pk)
    (line,) = read_cart(client.session)
    assert line.page_id == creator_story.pk
    assert client.post("/checkout/").status_code == 303
    order_line = Order.objects.get().lines.get()
    assert order_line.source_page_id == creator_story.pk
    assert order_line.creator == creator_story.creator


# The loader


def test_the_loader_is_javascript_that_frames_placeholders_from_its_own_origin(client):
    response = client.get("/embed/loader.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=3600"}
    script = response.content.decode()
    assert "document.currentScript" in script
    assert "data-storyshop-product" in script
    assert "data-storyshop-via" in script
    assert "event.origin !== shopOrigin" in script
    assert "frame.contentWindow === event.source" in script
    assert not response.cookies


# oEmbed


@pytest.mark.usefixtures("pictured")
def test_oembed_answers_a_rich_embed_of_a_product_page(client, coffee, creator_story):
    url = f"{SITE}/products/{coffee.slug}/?via={creator_story.pk}"

    response = oembed(client, url, format="json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300"}
    data = response.json()
    assert {key: data[key] for key in ("version", "type", "provider_name", "provider_url")} == {
        "version": "1.0",
        "type": "rich",
        "provider_name": "Storyshop",
        "provider_url": f"{SITE}/",
    }
    assert data["title"] == "Kopi Gayo"
    assert (data["width"], data["height"], data["cache_age"]) == (320, 440, 300)
    assert data["html"].startswith(
        f'<iframe src="{SITE}/embed/products/{coffee.pk}/?via={creator_story.pk}" '
        'title="Kopi Gayo at Storyshop" width="320" height="440" loading="lazy"'
    )
    assert data["thumbnail_url"].startswith(f"{SITE}/")
    assert "fill-480x360" in data["thumbnail_url"]
    assert (data["thumbnail_width"], data["thumbnail_height"]) == (480, 360)


def test_oembed_of_the_request_host_and_without_via(client, coffee):
    data = oembed(client, f"http://testserver/products/{coffee.slug}/").json()

    assert f'src="{SITE}/embed/products/{coffee.pk}/"' in data["html"]


def test_oembed_reads_a_percent_encoded_product_path(client, coffee):
    response = oembed(client, f"{SITE}/products/kopi%2Dgayo/")

    assert response.status_code == 200
    assert response.json()["title"] == "Kopi Gayo"


def test_oembed_drops_a_via_that_names_no_live_story(client, coffee, stories):
    data = oembed(client, f"{SITE}/products/{coffee.slug}/?via={stories.pk}").json()

    assert "via=" not in data["html"]


def test_oembed_of_a_product_without_a_picture_has_no_thumbnail(client):
    product = ProductFactory(image=None)

    data = oembed(client, f"{SITE}{product.get_absolute_url()}").json()

    assert "thumbnail_url" not in data
    assert "thumbnail_width" not in data


@pytest.mark.usefixtures("pictured")
def test_oembed_clamps_the_size_to_maxwidth_and_maxheight(client, coffee):
    url = f"{SITE}/products/{coffee.slug}/"

    small = oembed(client, url, maxwidth="200", maxheight="300").json()
    large = oembed(client, url, maxwidth="1000", maxheight="1000").json()

    assert (small["width"], small["height"]) == (200, 300)
    assert 'width="200" height="300"' in small["html"]
    assert "thumbnail_url" not in small  # 480x360 would not respect the maximum
    assert (large["width"], large["height"]) == (320, 440)
    assert large["thumbnail_width"] == 480


@pytest.mark.parametrize(
    "parameters", [{"maxwidth": "wide"}, {"maxheight": "-5"}, {"maxwidth": "0"}]
)
def test_oembed_refuses_a_size_that_is_not_a_positive_number(client, coffee, parameters):
    response = oembed(client, f"{SITE}/products/{coffee.slug}/", **parameters)

    assert response.status_code == 400


def test_oembed_answers_501_to_xml(client, coffee):
    url = f"{SITE}/products/{coffee.slug}/"

    assert oembed(client, url, format="xml").status_code == 501
    assert oembed(client, url, format="").status_code == 200  # no format: JSON


def test_oembed_without_a_url_is_a_bad_request(client):
    assert client.get("/oembed/").status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/products/kopi-gayo/",
        "http://localhost.evil.example/products/kopi-gayo/",
        "ftp://localhost/products/kopi-gayo/",
        "/products/kopi-gayo/",
        "http://[broken/products/kopi-gayo/",
        f"{SITE}/stories/",
        f"{SITE}/cart/",
        f"{SITE}/products/no-such-product/",
        f"{SITE}/nowhere/at/all/",
    ],
)
def test_oembed_has_no_embed_for_other_sites_pages_or_products(client, coffee, stories, url):
    response = oembed(client, url)

    assert response.status_code == 404


def test_oembed_has_no_embed_for_an_inactive_product(client):
    product = ProductFactory(is_active=False)

    assert oembed(client, f"{SITE}{product.get_absolute_url()}").status_code == 404


def test_a_product_page_links_its_oembed_for_discovery(client, coffee, creator_story):
    html = client.get(coffee.get_absolute_url(), {"via": creator_story.pk}).content.decode()

    href = unescape(
        re.search(
            r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', html
        ).group(1)
    )
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{SITE}/oembed/"
    query = parse_qs(parts.query)
    assert query == {
        "url": [f"{SITE}/products/{coffee.slug}/?via={creator_story.pk}"],
        "format": ["json"],
    }
    data = client.get(parts.path, query).json()
    assert f"/embed/products/{coffee.pk}/?via={creator_story.pk}" in data["html"]
