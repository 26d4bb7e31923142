"""Feeds and sitemap parse as XML; pages carry share links, meta tags and JSON-LD."""

import json
import re
import xml.etree.ElementTree as ElementTree
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest

from tests.factories import (
    CreatorProfileFactory,
    ImageFactory,
    ProductFactory,
    ProductVariantFactory,
    article,
    creator_index,
    materials,
    product_cards,
    steps,
    tag_index,
    tutorial,
    tutorial_index,
)

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def json_ld(html: str) -> list[dict]:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(script) for script in scripts]


def meta(html: str, attribute: str, name: str) -> str:
    return re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html).group(1)


def test_a_story_carries_canonical_url_open_graph_twitter_and_article_json_ld(client, stories):
    creator = CreatorProfileFactory(name="Kopi Kebun")
    story = article(
        stories,
        title="Gayo coffee",
        intro="Lake and beans.",
        hero_image=ImageFactory(),
        creator=creator,
    )

    html = client.get(story.url).content.decode()

    assert '<link rel="canonical" href="http://localhost/stories/gayo-coffee/">' in html
    assert meta(html, "property", "og:title") == "Gayo coffee"
    assert meta(html, "property", "og:type") == "article"
    assert re.fullmatch(
        r"http://\w+/media/images/.+\.fill-1200x630\.jpg", meta(html, "property", "og:image")
    )
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    (data,) = json_ld(html)
    assert data["@type"] == "Article"
    assert data["headline"] == "Gayo coffee"
    assert data["author"] == {"@type": "Person", "name": "Kopi Kebun"}
    assert data["datePublished"] == story.date.isoformat()
    assert data["url"] == "http://localhost/stories/gayo-coffee/"


def test_a_tutorial_is_also_a_howto_with_its_supplies_and_steps(client):
    beans = ProductFactory(name="Kintamani beans")
    page = tutorial(
        tutorial_index(),
        duration_minutes=20,
        materials=materials([beans]),
        steps=steps("Grind", "Pour"),
    )

    howto = next(
        data for data in json_ld(client.get(page.url).content.decode()) if data["@type"] == "HowTo"
    )

    assert howto["totalTime"] == "PT20M"
    assert howto["supply"] == [{"@type": "HowToSupply", "name": "Kintamani beans"}]
    assert [step["name"] for step in howto["step"]] == ["Grind", "Pour"]
    assert howto["step"][1] == {
        "@type": "HowToStep",
        "position": 2,
        "name": "Pour",
        "text": "Do pour.",
    }


def test_the_product_page_has_product_json_ld_with_an_offer(client):
    product = ProductFactory(name="Batik shirt", price=375000, stock=8)
    ProductVariantFactory(product=product, price_override=395000, stock=2)

    html = client.get(product.get_absolute_url()).content.decode()

    (data,) = json_ld(html)
    assert data["@type"] == "Product"
    assert data["name"] == "Batik shirt"
    assert data["offers"] == {
        "@type": "Offer",
        "price": "375000.00",
        "priceCurrency": "IDR",
        "availability": "https://schema.org/InStock",
        "url": f"http://localhost{product.get_absolute_url()}",
    }
    assert meta(html, "property", "og:type") == "product"


def test_share_links_carry_the_story_as_referrer(client, stories):
    story = article(stories, title="Batik motifs")

    html = client.get(story.url).content.decode()

    links = dict(re.findall(r'share__link--(\w+)" href="([^"]+)"', html))
    assert set(links) == {"whatsapp", "x", "facebook"}
    facebook_target = parse_qs(urlparse(links["facebook"].replace("&amp;", "&")).query)["u"][0]
    assert parse_qs(urlparse(facebook_target).query) == {
        "utm_source": ["facebook"],
        "utm_medium": ["share"],
        "via": [str(story.pk)],
    }
    assert f"via={story.pk}" in re.search(r'data-copy-url="([^"]+)"', html).group(1)


def test_a_product_shared_from_a_story_keeps_the_story(client, stories):
    product = ProductFactory()
    story = article(stories, title="Gayo", body=product_cards([product]))

    html = client.get(product.get_absolute_url(), {"via": story.pk}).content.decode()

    # The share links are in the page itself (no JavaScript needed), in the product details.
    assert "<template" not in html
    details = html[html.index('class="product__details"') :]
    links = dict(re.findall(r'share__link--(\w+)" href="([^"]+)"', details))
    assert set(links) == {"whatsapp", "x", "facebook"}
    facebook_target = parse_qs(urlparse(unescape(links["facebook"])).query)["u"][0]
    assert parse_qs(urlparse(facebook_target).query)["via"] == [str(story.pk)]
    copy = unescape(re.search(r'data-copy-url="([^"]+)"', details).group(1))
    assert copy.startswith(f"http://localhost{product.get_absolute_url()}?")
    assert parse_qs(urlparse(copy).query)["via"] == [str(story.pk)]


def test_a_product_page_without_a_story_shares_without_one(client):
    product = ProductFactory()

    html = client.get(product.get_absolute_url(), {"via": "42"}).content.decode()

    copy = unescape(re.search(r'data-copy-url="([^"]+)"', html).group(1))
    assert "via" not in parse_qs(urlparse(copy).query)


def test_story_index_and_tag_feeds_are_rss_with_the_newest_stories(client, stories):
    tag_index()
    tutorials = tutorial_index()
    for made in [article(stories, title="Kopi one"), tutorial(tutorials, title="Kopi two")]:
        made.tags.add("coffee")
        made.save_revision().publish()
    article(stories, title="Not tagged")

    index_feed = client.get("/feeds/stories/")
    tag_feed = client.get("/feeds/tags/coffee/")

    assert index_feed["Content-Type"].startswith("application/rss+xml")
    index_titles = [
        item.findtext("title") for item in ElementTree.fromstring(index_feed.content).iter("item")
    ]
    assert sorted(index_titles) == ["Kopi one", "Not tagged"]
    tag_items = list(ElementTree.fromstring(tag_feed.content).iter("item"))
    assert sorted(item.findtext("title") for item in tag_items) == ["Kopi one", "Kopi two"]
    # Links start with the Site's root URL (Wagtail's default Site is localhost:80).
    assert all(item.findtext("link").startswith("http://localhost/") for item in tag_items)
    assert client.get("/feeds/no-such-index/").status_code == 404
    assert client.get("/feeds/tags/no-such-tag/").status_code == 404
    assert 'type="application/rss+xml" title="Stories" href="/feeds/stories/"' in (
        client.get(stories.url).content.decode()
    )


def test_sitemap_lists_pages_tag_and_creator_pages_and_products(client, stories):
    tag_index()
    creator_index()
    CreatorProfileFactory(name="Kopi Kebun")
    story = article(stories, title="Kopi")
    story.tags.add("coffee")
    story.save_revision().publish()
    product = ProductFactory(name="Beans")
    ProductFactory(name="Retired", is_active=False)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    locations = [loc.text for loc in ElementTree.fromstring(response.content).iter(f"{SITEMAP}loc")]
    # Pages and products alike are at the Site's root URL, whatever host the request named.
    assert "http://localhost/stories/kopi/" in locations
    assert "http://localhost/tags/coffee/" in locations
    assert "http://localhost/creators/kopi-kebun/" in locations
    assert f"http://localhost{product.get_absolute_url()}" in locations
    assert not any("retired" in location for location in locations)


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://localhost/sitemap.xml" in text


def test_every_absolute_url_starts_with_the_sites_root_url(client, stories, settings):
    from wagtail.models import Site

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "kopi.example"]
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "kopi.example", 443
    site.save()
    tag_index()
    story = article(stories, title="Gayo", hero_image=ImageFactory())
    story.tags.add("coffee")
    story.save_revision().publish()
    product = ProductFactory(name="Beans")
    product.tags.add("coffee")
    product.save()
    # A request naming another host the site also answers: the URLs still name the Site.
    client.defaults["HTTP_HOST"] = "testserver"

    story_html = client.get(story.url).content.decode()
    product_html = client.get(product.get_absolute_url()).content.decode()
    sitemap = client.get("/sitemap.xml").content
    feed = client.get("/feeds/tags/coffee/").content
    robots = client.get("/robots.txt").content.decode()

    urls = [
        meta(story_html, "property", "og:url"),
        meta(story_html, "property", "og:image"),
        json_ld(story_html)[0]["url"],
        meta(product_html, "property", "og:url"),
        meta(product_html, "property", "og:image"),
        json_ld(product_html)[0]["url"],
        json_ld(product_html)[0]["offers"]["url"],
        *(loc.text for loc in ElementTree.fromstring(sitemap).iter(f"{SITEMAP}loc")),
        *(link.text for link in ElementTree.fromstring(feed).iter("link")),
        robots.split("Sitemap: ")[1].strip(),
    ]
    assert len(urls) > 10
    assert [url for url in urls if not url.startswith("https://kopi.example/")] == []
    assert '<link rel="canonical" href="https://kopi.example/stories/gayo/">' in story_html
    share = re.search(r'data-copy-url="([^"]+)"', story_html).group(1)
    assert share.startswith("https://kopi.example/stories/gayo/?")


def test_the_tag_feed_links_to_the_tag_page(client, stories):
    tag_index()
    story = article(stories, title="Kopi")
    story.tags.add("coffee")
    story.save_revision().publish()

    channel = ElementTree.fromstring(client.get("/feeds/tags/coffee/").content).find("channel")

    assert channel.findtext("link") == "http://localhost/tags/coffee/"


def test_a_site_host_that_is_not_served_fails_the_deployment_checks(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError
    from wagtail.models import Site

    deploy_checks = ("check", "--deploy", "--database", "default", "--tag", "database")
    call_command(*deploy_checks)
    site = Site.objects.get(is_default_site=True)
    site.hostname = "shop.example"
    site.save()

    with pytest.raises(SystemCheckError, match=r"content\.E001"):
        call_command(*deploy_checks)
    call_command("migrate", verbosity=0)  # a new install can still migrate, then fix its Site
    settings.ALLOWED_HOSTS = [".example"]
    call_command(*deploy_checks)


def test_the_sitemap_is_cached_and_refreshed_when_a_page_is_published(client, stories):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article(stories, title="First")

    assert "/stories/first/" in client.get("/sitemap.xml").content.decode()
    with CaptureQueriesContext(connection) as queries:
        cached = client.get("/sitemap.xml")
    article(stories, title="Second")
    refreshed = client.get("/sitemap.xml").content.decode()

    assert cached.status_code == 200
    assert len(queries) == 0
    assert "/stories/second/" in refreshed
    assert cached["Content-Type"].startswith("application/xml")


def test_index_tag_creator_and_home_pages_carry_canonical_and_open_graph_tags(client, stories):
    tag_index()
    creator_index()
    creator = CreatorProfileFactory(name="Kopi Kebun", avatar=ImageFactory())
    story = article(stories, title="Gayo", creator=creator)
    story.tags.add("coffee")
    story.save_revision().publish()

    expected = {
        "/": ("http://localhost/", "Home", "website"),
        "/stories/": ("http://localhost/stories/", "Stories", "website"),
        "/tags/": ("http://localhost/tags/", "Tags", "website"),
        "/tags/coffee/": ("http://localhost/tags/coffee/", "coffee", "website"),
        "/creators/": ("http://localhost/creators/", "Creators", "website"),
        "/creators/kopi-kebun/": ("http://localhost/creators/kopi-kebun/", "Kopi Kebun", "profile"),
    }
    for path, (url, title, kind) in expected.items():
        html = client.get(path).content.decode()
        assert f'<link rel="canonical" href="{url}">' in html, path
        assert meta(html, "property", "og:url") == url, path
        assert meta(html, "property", "og:title") == title, path
        assert meta(html, "property", "og:type") == kind, path
        assert meta(html, "name", "twitter:card"), path
        assert html.count('<meta name="description"') <= 1, path
    creator_html = client.get("/creators/kopi-kebun/").content.decode()
    assert meta(creator_html, "property", "og:image").startswith("http://localhost/media/")
