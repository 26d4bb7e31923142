from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ImageFactory, ProductFactory, article, product_cards

pytestmark = pytest.mark.django_db


def test_article_shows_each_product_card_with_price_stock_and_link(client, stories):
    coffee = ProductFactory(name="Kopi Gayo", price=Decimal("125000"), stock=40)
    scarf = ProductFactory(name="Mega Mendung Scarf", price=Decimal("290000"), stock=2)
    story = article(stories, title="Coffee and cloth", body=product_cards([coffee, scarf]))

    response = client.get(story.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Coffee and cloth" in html
    assert "Kopi Gayo" in html
    assert "Rp\u00a0125.000" in html
    assert "In stock" in html
    assert "Mega Mendung Scarf" in html
    assert "Rp\u00a0290.000" in html
    assert "Only 2 left" in html
    # Product links name the story they are shown in, so a sale there is credited to it.
    assert f'href="/products/{coffee.slug}/?via={story.pk}"' in html
    assert 'class="product-card__image"' in html


def test_sold_out_product_is_shown_as_sold_out(client, stories):
    product = ProductFactory(stock=0)
    story = article(stories, body=product_cards([product]))

    html = client.get(story.url).content.decode()

    assert "Sold out" in html
    assert "stock--sold_out" in html


def test_inactive_or_deleted_product_is_hidden_from_readers(client, stories):
    hidden = ProductFactory(name="Retired Blend", is_active=False)
    deleted = ProductFactory(name="Deleted Blend")
    story = article(stories, body=product_cards([hidden, deleted]))
    deleted.delete()

    response = client.get(story.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Retired Blend" not in html
    assert "Deleted Blend" not in html
    assert "product-card" not in html


def test_preview_warns_the_editor_about_an_inactive_product(admin_client, stories):
    hidden = ProductFactory(name="Retired Blend", is_active=False)
    story = article(stories, body=product_cards([hidden]))

    response = admin_client.get(f"/admin/pages/{story.pk}/view_draft/")

    assert response.status_code == 200
    assert "inactive or deleted" in response.content.decode()


def test_article_renders_rich_text_and_images(client, stories):
    picture = ImageFactory(title="Drying beds")
    body = [
        {"type": "paragraph", "value": "<p>Coffee dries on raised beds.</p>"},
        {"type": "image", "value": {"image": picture.pk, "decorative": False, "alt_text": "Beds"}},
    ]
    story = article(stories, body=body, hero_image=ImageFactory())

    html = client.get(story.url).content.decode()

    assert "Coffee dries on raised beds." in html
    assert 'alt="Beds"' in html
    assert 'class="story__hero"' in html


def _queries_to_render(client, url: str) -> int:
    client.get(url)  # the first view creates image renditions; count a warm page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_number_of_product_cards(client, stories):
    one = article(stories, title="One card", body=product_cards([ProductFactory()]))
    thirty = article(
        stories, title="Thirty cards", body=product_cards(ProductFactory.create_batch(30))
    )

    queries_for_one = _queries_to_render(client, one.url)
    queries_for_thirty = _queries_to_render(client, thirty.url)

    assert queries_for_thirty == queries_for_one
    # Eight for Wagtail's site lookup, routing and privacy checks; one for the story's tags;
    # then one each for the products (with their ratings), variants, images and renditions.
    assert queries_for_one == 13
