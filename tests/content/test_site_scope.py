"""What a site shows is its own: name, tags and related stories; listings keep their filters."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page, Site

from content.blocks import ProductCarouselBlock
from storyshop.home.models import HomePage
from tests.factories import (
    ProductFactory,
    article,
    article_index,
    home_page,
    materials,
    tag_index,
    tutorial,
    tutorial_index,
)

pytestmark = pytest.mark.django_db


def test_the_title_brand_and_open_graph_name_the_wagtail_site(client, stories):
    story = article(stories, title="Gayo")
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Kopi Nusantara"
    site.save()

    named = client.get(story.url).content.decode()
    site.site_name = ""
    site.save()
    unnamed = client.get(story.url).content.decode()

    assert "<title>Gayo · Kopi Nusantara</title>" in named
    assert '<meta property="og:site_name" content="Kopi Nusantara">' in named
    assert '<a class="site-header__brand" href="/">Kopi Nusantara</a>' in named
    assert "Storyshop" not in named
    assert "<title>Gayo · Storyshop</title>" in unnamed  # WAGTAIL_SITE_NAME


def test_tags_and_related_stories_of_another_site_stay_there(client, stories):
    tag_index()
    here = article(stories, title="Kopi here")
    neighbour = article(stories, title="Kopi next door")
    other_home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Other site", slug="other-site")
    )
    Site.objects.create(hostname="other.example", root_page=other_home)
    elsewhere = article(article_index(other_home, title="Their stories"), title="Kopi elsewhere")
    for story, tags in (
        (here, ["coffee"]),
        (neighbour, ["coffee"]),
        (elsewhere, ["coffee", "sago"]),
    ):
        story.tags.add(*tags)
        story.save_revision().publish()

    story_html = client.get(here.url).content.decode()
    cloud = client.get("/tags/").content.decode()

    related = story_html[story_html.index("More like this") :]
    assert "Kopi next door" in related
    assert "Kopi elsewhere" not in related
    assert ">coffee<" in cloud
    assert ">sago<" not in cloud


def test_the_story_index_pager_keeps_the_tag(client, stories):
    for number in range(13):
        story = article(stories, title=f"Kopi {number:02d}", date=f"2026-03-{number + 1:02d}")
        story.tags.add("coffee")
        story.save_revision().publish()

    html = client.get(stories.url, {"tag": "coffee"}).content.decode()

    assert 'href="?page=2&amp;tag=coffee"' in html


def picked_carousel(products, limit: int) -> dict:
    return {
        "heading": "Picked",
        "source": "picked",
        "products": [product.pk for product in products],
        "tag": "",
        "limit": limit,
    }


def test_a_picked_carousel_shows_at_most_its_limit(client, stories):
    products = ProductFactory.create_batch(3)
    block = ProductCarouselBlock()
    story = article(
        stories, body=[{"type": "product_carousel", "value": picked_carousel(products, 2)}]
    )

    html = client.get(story.url).content.decode()

    assert html.count('class="product-tile"') == 2
    with pytest.raises(ValidationError):
        block.clean(block.to_python(picked_carousel(products, 2)))
    block.clean(block.to_python(picked_carousel(products, 3)))


def test_a_hidden_material_warns_editors_in_preview(client, admin_client):
    retired = ProductFactory(name="Retired kettle", is_active=False)
    page = tutorial(tutorial_index(home_page()), materials=materials([retired]))

    reader = client.get(page.url).content.decode()
    preview = admin_client.get(f"/admin/pages/{page.pk}/view_draft/").content.decode()

    assert "Retired kettle" not in reader
    assert "inactive or deleted" not in reader
    assert "inactive or deleted" in preview
