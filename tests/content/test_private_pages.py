"""A view-restricted (private) story stays out of every listing, feed, sitemap and API."""

import xml.etree.ElementTree as ElementTree

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import article, tag_index

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def private_story(stories):
    tag_index()
    public = article(stories, title="Public kopi")
    public.tags.add("coffee")
    public.save_revision().publish()
    private = article(stories, title="Members only")
    private.tags.add("coffee", "secret-roast")
    private.save_revision().publish()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="kopi"
    )
    return public, private


def test_private_stories_stay_out_of_listings_related_stories_and_the_tag_cloud(
    client, stories, private_story
):
    public, _private = private_story

    pages = {
        path: client.get(path).content.decode()
        for path in ("/", stories.url, "/tags/", "/tags/coffee/", public.url)
    }

    for path, html in pages.items():
        assert "Members only" not in html, path
    assert "secret-roast" not in pages["/tags/"]
    assert client.get("/tags/secret-roast/").status_code == 404
    assert "Public kopi" in pages["/tags/coffee/"]


def test_private_stories_stay_out_of_feeds_sitemap_and_api(client, stories, private_story):
    _public, private = private_story

    feeds = [client.get(path).content for path in ("/feeds/stories/", "/feeds/tags/coffee/")]
    sitemap = client.get("/sitemap.xml").content
    api = client.get("/api/v2/pages/", {"type": "content.ArticlePage"}).json()

    for feed in feeds:
        titles = [item.findtext("title") for item in ElementTree.fromstring(feed).iter("item")]
        assert titles == ["Public kopi"]
    locations = [loc.text for loc in ElementTree.fromstring(sitemap).iter(f"{SITEMAP}loc")]
    assert not any(
        "members-only" in location or "secret-roast" in location for location in locations
    )
    assert [item["title"] for item in api["items"]] == ["Public kopi"]
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404
