"""A reader who follows a product from a story (or a link shared from it) credits that story."""

import re
from html import unescape
from html.parser import HTMLParser

import pytest

from commerce.shop.models import Order
from commerce.shop.services.cart import read_cart
from tests.factories import CreatorProfileFactory, ProductFactory, article, product_cards

pytestmark = pytest.mark.django_db


class BuyForm(HTMLParser):
    """The fields of the first buy-controls form of a page, and its buttons."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.buttons: list[str] = []
        self._inside = False
        self._done = False
        self._button = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and "data-buy-controls" in attributes and not self._done:
            self._inside = True
        elif self._inside and tag == "input" and attributes.get("name"):
            self.fields[attributes["name"]] = attributes.get("value") or ""
        elif self._inside and tag == "button":
            self._button = True
            self.buttons.append("")

    def handle_data(self, data):
        if self._button:
            self.buttons[-1] += data

    def handle_endtag(self, tag):
        if tag == "button":
            self._button = False
        if tag == "form" and self._inside:
            self._inside, self._done = False, True


@pytest.fixture
def creator_story(stories):
    beans = ProductFactory(name="Kopi Gayo", stock=5)
    creator = CreatorProfileFactory(name="Kopi Kebun")
    story = article(stories, title="Gayo", creator=creator, body=product_cards([beans]))
    return story, beans


def product_link_in(html: str, product) -> str:
    return unescape(
        re.search(
            rf'class="product-card__link" href="({product.get_absolute_url()}[^"]*)"', html
        ).group(1)
    )


def test_product_links_in_a_story_name_the_story(client, creator_story):
    story, beans = creator_story

    html = client.get(story.url).content.decode()

    assert product_link_in(html, beans) == f"{beans.get_absolute_url()}?via={story.pk}"


@pytest.mark.usefixtures("stripe_api")
def test_a_sale_from_a_product_page_reached_through_a_story_is_credited_to_it(
    client, creator_story
):
    story, beans = creator_story
    link = product_link_in(client.get(story.url).content.decode(), beans)

    form = BuyForm(client.get(link).content.decode())
    response = client.post("/cart/add/", {**form.fields, "quantity": "1"})

    assert form.fields["page"] == str(story.pk)
    assert "block" not in form.fields
    assert response.status_code == 303
    (line,) = read_cart(client.session)
    assert line.page_id == story.pk
    assert client.post("/checkout/").status_code == 303
    order_line = Order.objects.get().lines.get()
    assert order_line.source_page_id == story.pk
    assert order_line.creator == story.creator


@pytest.mark.parametrize("via", ["²", "٣", "-1", "0", "1e3", "9" * 40, "abc", ""])
def test_a_malformed_via_is_ignored(client, creator_story, via):
    _story, beans = creator_story

    response = client.get(beans.get_absolute_url(), {"via": via})

    assert response.status_code == 200
    assert "page" not in BuyForm(response.content.decode()).fields


def test_via_credits_only_a_live_public_story(client, creator_story, stories):
    story, beans = creator_story
    draft = article(stories, title="Draft")
    draft.unpublish()

    def credited(page_id: int) -> str | None:
        html = client.get(beans.get_absolute_url(), {"via": page_id}).content.decode()
        return BuyForm(html).fields.get("page")

    assert credited(story.pk) == str(story.pk)
    assert credited(draft.pk) is None
    assert credited(stories.pk) is None  # an index page is not a story
    assert credited(10_000_000) is None
