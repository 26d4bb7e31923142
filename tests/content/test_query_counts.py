"""A page's query count does not depend on how many product blocks it has, or of which kinds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    CreatorProfileFactory,
    ImageFactory,
    ProductFactory,
    article,
    creator_index,
    creator_post,
    creator_post_index,
    home_page,
    materials,
    steps,
    tag_index,
    tutorial,
    tutorial_index,
)

pytestmark = pytest.mark.django_db


def queries_to_render(client, url: str) -> int:
    client.get(url)  # the first view creates image renditions; count a warm page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def thirty_mixed_product_blocks() -> list[dict]:
    """Thirty product blocks of every kind, over 40 products, 4 tags and 6 pictures."""
    products = ProductFactory.create_batch(40)
    for number, product in enumerate(products[30:]):
        product.tags.add(f"tag-{number % 4}")
        product.save()
    cards = [
        {"type": "product_card", "value": {"product": p.pk, "note": ""}} for p in products[:10]
    ]
    buy_now = [
        {"type": "buy_now", "value": {"product": p.pk, "label": "Buy"}} for p in products[10:15]
    ]
    picked = [
        {
            "type": "product_carousel",
            "value": {
                "heading": "",
                "source": "picked",
                "products": [p.pk for p in products[15 + n : 18 + n]],
                "tag": "",
                "limit": 6,
            },
        }
        for n in range(5)
    ]
    by_tag = [
        {
            "type": "product_carousel",
            "value": {
                "heading": "",
                "source": "tag",
                "products": [],
                "tag": f"tag-{n}",
                "limit": 6,
            },
        }
        for n in range(4)
    ]
    shoppable = [
        {
            "type": "shoppable_image",
            "value": {
                "image": ImageFactory().pk,
                "alt_text": "A table",
                "caption": "",
                "hotspots": [
                    {"product": products[20 + n].pk, "x": 10, "y": 20, "label": ""},
                    {"product": products[23 + n].pk, "x": 60, "y": 70, "label": ""},
                ],
            },
        }
        for n in range(3)
    ]
    looks = [
        {
            "type": "shop_the_look",
            "value": {
                "heading": "",
                "image": ImageFactory().pk,
                "alt_text": "A look",
                "products": [products[26 + n].pk, products[29].pk],
            },
        }
        for n in range(3)
    ]
    blocks = cards + buy_now + picked + by_tag + shoppable + looks
    assert len(blocks) == 30
    return blocks


def test_article_with_one_or_thirty_mixed_product_blocks_costs_the_same(client, stories):
    one = article(
        stories,
        title="One block",
        hero_image=ImageFactory(),
        body=[{"type": "product_card", "value": {"product": ProductFactory().pk, "note": ""}}],
    )
    thirty = article(
        stories,
        title="Thirty blocks",
        hero_image=ImageFactory(),
        body=thirty_mixed_product_blocks(),
    )

    queries_for_one = queries_to_render(client, one.url)
    queries_for_thirty = queries_to_render(client, thirty.url)

    assert queries_for_thirty == queries_for_one
    # 8 for Wagtail's site lookup, routing and privacy checks; 1 for the story's tags;
    # 4 for the products (with ratings and tag carousels), variants, product images and their
    # renditions; 2 for every picture of the page (hero and blocks) and their renditions.
    assert queries_for_one == 15


def test_tutorial_with_one_or_thirty_product_mentions_costs_the_same(client):
    index = tutorial_index()
    one = tutorial(
        index,
        title="One product",
        hero_image=ImageFactory(),
        materials=materials([ProductFactory()]),
        steps=steps("Only step"),
    )
    products = ProductFactory.create_batch(30)
    thirty = tutorial(
        index,
        title="Thirty products",
        hero_image=ImageFactory(),
        materials=materials(products[:10]),
        steps=steps("One", "Two", products=products[10:], image=ImageFactory()),
        body=thirty_mixed_product_blocks()[:10],
    )

    assert queries_to_render(client, thirty.url) == queries_to_render(client, one.url) == 15


def test_creator_post_query_count_is_pinned(client):
    creator_index()
    index = creator_post_index()
    creator = CreatorProfileFactory(avatar=ImageFactory())
    post = creator_post(
        index,
        creator=creator,
        hero_image=ImageFactory(),
        body=thirty_mixed_product_blocks(),
    )
    post.tags.add("batik")
    post.save_revision().publish()
    tag_index()

    # The story's 15, plus its creator, the creator page and tag page lookups, and the
    # "more like this" privacy check and ranking (no other story shares the tag: no cards).
    assert queries_to_render(client, post.url) == 20


def test_related_stories_cost_a_fixed_number_of_queries(client, stories):
    tag_index()
    posts = creator_post_index()
    tutorials = tutorial_index()
    page = article(stories, title="The story")
    page.tags.add("coffee")
    page.save_revision().publish()
    for number in range(3):
        for made in (
            article(stories, title=f"Article {number}", hero_image=ImageFactory()),
            creator_post(posts, title=f"Post {number}", hero_image=ImageFactory()),
            tutorial(tutorials, title=f"Tutorial {number}"),
        ):
            made.tags.add("coffee")
            made.save_revision().publish()

    html = client.get(page.url).content.decode()

    assert html.count('class="story-card ') == 3
    # 8 routing, 1 tags, 1 tag page lookup, 2 for the privacy check and ranking, 1 per type
    # among the cards (here the three newest are one of each), 2 for their images/renditions.
    assert queries_to_render(client, page.url) == 17


def test_listings_cost_the_same_for_two_or_twelve_stories(client, stories):
    for number in range(2):
        article(stories, title=f"Story {number}", hero_image=ImageFactory())
    two = queries_to_render(client, stories.url)
    for number in range(2, 12):
        article(stories, title=f"Story {number}", hero_image=ImageFactory())

    # 6 for Wagtail's site lookup, routing and privacy check; 1 for the listing's privacy
    # filter; 2 to count and list the stories; 2 for their hero images and renditions.
    assert queries_to_render(client, stories.url) == two == 11


def test_home_page_costs_the_same_for_few_or_many_stories(client, stories):
    posts = creator_post_index()
    home = home_page()

    def add_stories(count: int) -> None:
        for _ in range(count):
            story = article(
                stories,
                title=f"Story {ImageFactory().pk}",
                hero_image=ImageFactory(),
                body=[
                    {"type": "product_card", "value": {"product": ProductFactory().pk, "note": ""}}
                ],
            )
            creator_post(posts, title=f"Post {story.pk}", hero_image=ImageFactory())
            home.featured_stories.create(story=story)
        home.save_revision().publish()

    add_stories(1)
    few = queries_to_render(client, "/")
    add_stories(4)

    assert queries_to_render(client, "/") == few
    # 4 routing; featured: 6 (picks, privacy, pages, 1 per type, images, renditions);
    # trending: 7 (privacy, stories, references, products + 3 prefetches);
    # latest: 2 per type (privacy, pages) and 2 for all their images and renditions.
    assert few == 25
