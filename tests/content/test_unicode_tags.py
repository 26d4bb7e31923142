"""Tags named in any script, or with no letters at all, never break a page."""

import xml.etree.ElementTree as ElementTree
from urllib.parse import quote

import pytest
from taggit.models import Tag

from tests.factories import ProductFactory, article, tag_index

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def tagged_story(stories):
    tag_index()
    story = article(stories, title="Kopi susu")
    story.tags.add("Café", "🙂", "!!!")
    story.save_revision().publish()
    return story


def test_a_story_with_unicode_and_symbol_tags_renders_and_links_the_unicode_one(
    client, tagged_story
):
    response = client.get(tagged_story.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="/tags/{quote("café")}/">Café</a>' in html
    # "🙂" and "!!!" have no letters: taggit gives one the empty slug, which has no page.
    assert 'href="/tags//"' not in html


def test_the_tag_page_and_feed_of_a_unicode_tag_work(client, tagged_story):
    page = client.get(f"/tags/{quote('café')}/")
    feed = client.get(f"/feeds/tags/{quote('café')}/")

    assert page.status_code == 200
    assert "Kopi susu" in page.content.decode()
    assert feed.status_code == 200
    titles = [item.findtext("title") for item in ElementTree.fromstring(feed.content).iter("item")]
    assert titles == ["Kopi susu"]


def test_every_tag_with_a_slug_has_a_working_page_and_the_empty_slug_is_left_out(
    client, tagged_story
):
    slugs = set(Tag.objects.values_list("slug", flat=True))
    assert "" in slugs  # what taggit makes of a name without letters

    cloud = client.get("/tags/")
    sitemap = client.get("/sitemap.xml")

    assert cloud.status_code == 200
    assert sitemap.status_code == 200
    html = cloud.content.decode()
    locations = [loc.text for loc in ElementTree.fromstring(sitemap.content).iter(f"{SITEMAP}loc")]
    assert 'href="/tags//"' not in html
    assert not any(location.endswith("/tags//") for location in locations)
    for slug in slugs - {""}:
        assert f'href="/tags/{quote(slug)}/"' in html
        assert any(location.endswith(f"/tags/{quote(slug)}/") for location in locations)
        assert client.get(f"/tags/{quote(slug)}/").status_code == 200


def test_a_product_with_a_unicode_tag_lists_on_its_tag_page(client, stories):
    tag_index()
    product = ProductFactory(name="Kopi Jawa")
    product.tags.add("Kopi Jawa ☕ Ijen")
    product.save()

    response = client.get(f"/tags/{quote('kopi-jawa-ijen')}/")

    assert response.status_code == 200
    assert "Kopi Jawa" in response.content.decode()
