"""A view-restricted (private) story stays out of every listing, feed, sitemap and API."""

import xml.etree.ElementTree as ElementTree

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.factories import article, article_index, tag_index
from tests.users import member_of

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


def sitemap_locations(client) -> list[str]:
    sitemap = client.get("/sitemap.xml").content
    return [loc.text for loc in ElementTree.fromstring(sitemap).iter(f"{SITEMAP}loc")]


def feed_titles(client, path: str) -> list[str]:
    feed = client.get(path).content
    return [item.findtext("title") for item in ElementTree.fromstring(feed).iter("item")]


def test_a_story_made_private_leaves_the_cached_sitemap_and_feeds_at_once(client, stories):
    story = article(stories, title="Soon private")
    story.tags.add("coffee")
    story.save_revision().publish()
    assert any("soon-private" in loc for loc in sitemap_locations(client))  # now cached
    editor = Client()
    editor.force_login(member_of("Editors"))

    made_private = editor.post(
        f"/admin/pages/{story.pk}/privacy/", {"restriction_type": "password", "password": "kopi"}
    )

    assert made_private.status_code == 200
    assert not any("soon-private" in loc for loc in sitemap_locations(client))
    assert feed_titles(client, "/feeds/stories/") == []
    assert feed_titles(client, "/feeds/tags/coffee/") == []

    editor.post(f"/admin/pages/{story.pk}/privacy/", {"restriction_type": "none"})

    assert any("soon-private" in loc for loc in sitemap_locations(client))
    assert feed_titles(client, "/feeds/stories/") == ["Soon private"]


def test_a_private_section_takes_its_stories_out_of_the_cached_sitemap(client, stories):
    article(stories, title="Below the section")
    assert any("below-the-section" in loc for loc in sitemap_locations(client))
    editor = Client()
    editor.force_login(member_of("Editors"))

    editor.post(f"/admin/pages/{stories.pk}/privacy/", {"restriction_type": "login"})

    locations = sitemap_locations(client)
    assert not any("below-the-section" in loc for loc in locations)
    assert not any(loc.endswith(stories.url) for loc in locations)


def test_a_story_moved_into_a_private_section_leaves_the_cached_sitemap(client, stories):
    members = article_index(title="Members")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    story = article(stories, title="Moving in")
    assert any("moving-in" in loc for loc in sitemap_locations(client))

    story.move(members, pos="last-child")

    assert not any("moving-in" in loc for loc in sitemap_locations(client))
