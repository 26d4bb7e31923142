"""The API at /api/v2/: pages with their product blocks resolved, images, and products."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.content.test_query_counts import thirty_mixed_product_blocks
from tests.factories import (
    CreatorProfileFactory,
    ImageFactory,
    ProductFactory,
    article,
    product_cards,
)

pytestmark = pytest.mark.django_db


def test_a_story_in_the_api_resolves_its_product_blocks(client, stories):
    beans = ProductFactory(name="Gayo beans", stock=4)
    retired = ProductFactory(name="Retired", is_active=False)
    story = article(stories, title="Kopi", body=product_cards([beans, retired]))
    story.tags.add("coffee")
    story.save_revision().publish()

    data = client.get(f"/api/v2/pages/{story.pk}/").json()

    assert data["meta"]["type"] == "content.ArticlePage"
    assert data["tag_names"] == ["coffee"]
    card, hidden = data["body"]
    assert card["value"]["product"] == {
        "id": beans.pk,
        "name": "Gayo beans",
        "slug": beans.slug,
        "price": "125000.00",
        "has_price_range": False,
        "currency": "IDR",
        "stock": 4,
        "stock_status": "low_stock",
        "rating_average": None,
        "review_count": 0,
        "url": beans.get_absolute_url(),
    }
    assert hidden["value"]["product"] is None


def test_product_blocks_in_the_api_are_loaded_in_one_batch(client, stories):
    one = article(stories, title="One", body=product_cards([ProductFactory()]))
    thirty = article(stories, title="Thirty", body=thirty_mixed_product_blocks())

    def queries(page) -> int:
        client.get(f"/api/v2/pages/{page.pk}/")  # count warm caches (Wagtail's site roots)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 200
        return len(captured)

    assert queries(thirty) == queries(one)


def test_tag_carousels_in_the_api_list_their_products(client, stories):
    beans = ProductFactory(name="Tagged beans")
    beans.tags.add("coffee")
    beans.save()
    carousel = {"heading": "", "source": "tag", "products": [], "tag": "coffee", "limit": 6}
    story = article(stories, body=[{"type": "product_carousel", "value": carousel}])

    (block,) = client.get(f"/api/v2/pages/{story.pk}/").json()["body"]

    assert [product["name"] for product in block["value"]["products"]] == ["Tagged beans"]


def test_products_and_images_endpoints(client):
    ProductFactory(name="Visible")
    ProductFactory(name="Hidden", is_active=False)
    tagged = ProductFactory(name="Tagged")
    tagged.tags.add("batik")
    tagged.save()
    ImageFactory(title="A picture")

    products = client.get("/api/v2/products/").json()
    by_tag = client.get("/api/v2/products/", {"tag": "batik"}).json()
    images = client.get("/api/v2/images/").json()

    assert [item["name"] for item in products["items"]] == ["Tagged", "Visible"]
    assert products["meta"]["total_count"] == 2
    assert [item["name"] for item in by_tag["items"]] == ["Tagged"]
    assert "A picture" in [item["title"] for item in images["items"]]
    assert client.post("/api/v2/products/", {}).status_code == 405


@pytest.mark.parametrize(
    ("query", "pinned"),
    [
        # 2 privacy filters and the site for the base queryset and its links, 1 count, 1 more
        # privacy filter for the serializer's context, 1 for the stories (with creator, hero
        # image and locale), 1 for their tags.
        ({"type": "content.ArticlePage"}, 7),
        # The same, plus the products of every story's blocks in one batch: products (with
        # ratings and tag flags), variants, product images and their renditions.
        ({"type": "content.ArticlePage", "fields": "*"}, 11),
    ],
)
def test_the_pages_listing_costs_the_same_for_five_or_ten_stories(client, stories, query, pinned):
    def add_stories(count: int) -> None:
        for _ in range(count):
            story = article(
                stories,
                title=f"Story {ImageFactory().pk}",
                hero_image=ImageFactory(),
                creator=CreatorProfileFactory(),
                body=product_cards(ProductFactory.create_batch(2)),
            )
            story.tags.add("coffee", f"tag-{story.pk}")
            story.save_revision().publish()

    def queries() -> tuple[int, dict]:
        client.get("/api/v2/pages/", query)  # count warm caches (Wagtail's site roots)
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v2/pages/", query)
        assert response.status_code == 200
        return len(captured), response.json()

    add_stories(5)
    five, _ = queries()
    add_stories(5)
    ten, data = queries()

    assert five == ten == pinned
    assert len(data["items"]) == 10
    if "fields" in query:
        item = data["items"][0]
        assert item["creator_name"].startswith("Creator")
        assert "coffee" in item["tag_names"]
        assert item["body"][0]["value"]["product"]["price"] == "125000.00"
