import pytest

from tests.factories import (
    CreatorProfileFactory,
    ImageFactory,
    ProductFactory,
    article,
    creator_index,
    creator_post,
    creator_post_index,
    home_page,
    product_cards,
    tag_index,
    tutorial,
    tutorial_index,
)

pytestmark = pytest.mark.django_db


def test_home_page_links_to_the_latest_articles(client, stories):
    older = article(stories, title="Older story", date="2026-01-01", hero_image=ImageFactory())
    newer = article(stories, title="Newer story", date="2026-02-01")

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{newer.url}"' in html
    assert f'href="{older.url}"' in html
    assert html.index("Newer story") < html.index("Older story")


def test_home_page_leaves_out_drafts(client, stories):
    draft = article(stories, title="Secret draft")
    draft.unpublish()

    assert "Secret draft" not in client.get("/").content.decode()


def test_story_index_paginates(client, stories):
    for number in range(14):
        article(stories, title=f"Story {number:02d}", date=f"2026-03-{number + 1:02d}")

    first = client.get(stories.url).content.decode()
    second = client.get(stories.url, {"page": 2}).content.decode()

    assert "Story 13" in first
    assert "Story 01" not in first
    assert "Story 01" in second
    assert "Page 2 of 2" in second


def test_home_page_is_the_site_root(client):
    assert home_page().url == "/"


def test_story_index_filters_by_tag(client, stories):
    kopi = article(stories, title="Kopi story")
    kopi.tags.add("coffee")
    kopi.save_revision().publish()
    article(stories, title="Batik story")

    html = client.get(stories.url, {"tag": "coffee"}).content.decode()

    assert "Kopi story" in html
    assert "Batik story" not in html
    assert "Show every story" in html


def test_tag_page_lists_stories_of_every_type_and_products_sharing_the_tag(client, stories):
    tag_index()
    tagged = [
        article(stories, title="Kopi article"),
        tutorial(tutorial_index(), title="Kopi tutorial"),
        creator_post(creator_post_index(), title="Kopi post"),
    ]
    for page in tagged:
        page.tags.add("coffee")
        page.save_revision().publish()
    article(stories, title="Batik article")
    beans = ProductFactory(name="Gayo beans")
    beans.tags.add("coffee")
    beans.save()
    ProductFactory(name="Batik shirt")

    response = client.get("/tags/coffee/")

    html = response.content.decode()
    assert response.status_code == 200
    for title in ("Kopi article", "Kopi tutorial", "Kopi post", "Gayo beans"):
        assert title in html
    assert "Batik" not in html
    assert client.get("/tags/").status_code == 200
    assert client.get("/tags/unknown/").status_code == 404


def test_more_like_this_shows_stories_sharing_tags(client, stories):
    page = article(stories, title="Gayo")
    close = article(stories, title="Toraja")
    far = article(stories, title="Batik")
    for story, tags in ((page, ["coffee", "aceh"]), (close, ["coffee"]), (far, ["batik"])):
        story.tags.add(*tags)
        story.save_revision().publish()

    html = client.get(page.url).content.decode()

    related = html[html.index("More like this") :]
    assert "Toraja" in related
    assert "Batik" not in related


def test_creator_page_shows_their_stories_and_the_products_they_feature(client, stories):
    creator_index()
    maker = CreatorProfileFactory(name="Batik Lasem", bio="Red batik.")
    scarf = ProductFactory(name="Lasem scarf")
    article(stories, title="Lasem red", creator=maker, body=product_cards([scarf]))
    creator_post(creator_post_index(), title="Dyeing day", creator=maker)
    article(stories, title="Someone else's", body=product_cards([ProductFactory(name="Other")]))

    response = client.get("/creators/batik-lasem/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Red batik." in html
    assert "Lasem red" in html
    assert "Dyeing day" in html
    assert "Lasem scarf" in html
    assert "Someone else" not in html
    assert "Other" not in html
    assert "Batik Lasem" in client.get("/creators/").content.decode()
    assert client.get("/creators/nobody/").status_code == 404


def test_home_page_curates_featured_stories_latest_per_type_and_trending_products(client, stories):
    beans = ProductFactory(name="Trending beans")
    quiet = ProductFactory(name="Quiet product")
    picked = article(stories, title="Editors' pick", date="2026-01-01")
    for number in range(2):
        article(stories, title=f"Beans {number}", body=product_cards([beans]))
    article(stories, title="Quiet", body=product_cards([quiet]))
    tutorial(tutorial_index(), title="Newest tutorial")
    home = home_page()
    home.featured_stories.create(story=picked)
    home.save_revision().publish()

    html = client.get("/").content.decode()

    assert html.index("Featured") < html.index("Editors&#x27; pick") < html.index("Trending now")
    trending = html[html.index("Trending now") : html.index("Latest")]
    assert trending.index("Trending beans") < trending.index("Quiet product")
    assert "Latest: Tutorials" in html
    assert "Newest tutorial" in html


def test_more_like_this_ranks_by_shared_tags_then_date_and_only_live_stories(client, stories):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = article(stories, title="Gayo", date="2026-05-01")
    most = article(stories, title="Shares two", date="2026-01-01")
    newer = tutorial(tutorial_index(), title="Shares one newer", date="2026-04-01")
    older = creator_post(creator_post_index(), title="Shares one older", date="2026-03-01")
    draft = article(stories, title="Draft sharing all", date="2026-04-15")
    for story, tags in (
        (page, ["coffee", "aceh"]),
        (most, ["coffee", "aceh"]),
        (newer, ["coffee"]),
        (older, ["aceh"]),
        (draft, ["coffee", "aceh"]),
    ):
        story.tags.add(*tags)
        story.save_revision().publish()
    draft.unpublish()

    with CaptureQueriesContext(connection) as queries:
        html = client.get(page.url).content.decode()

    related = html[html.index("More like this") :]
    assert "Draft sharing all" not in related
    positions = [
        related.index(title) for title in ("Shares two", "Shares one newer", "Shares one older")
    ]
    assert positions == sorted(positions)
    # Ranked from the tag tables: no outer join of every page to every story type's tags.
    ranking = [q["sql"] for q in queries if "content_tutorialpagetag" in q["sql"]]
    assert ranking
    assert all("LEFT OUTER JOIN" not in sql for sql in ranking)


def test_a_creators_storefront_puts_the_products_in_most_of_their_stories_first(client, stories):
    creator_index()
    maker = CreatorProfileFactory(name="Kopi Kebun")
    once, twice, hidden = (
        ProductFactory(name="Once"),
        ProductFactory(name="Twice"),
        ProductFactory(name="Hidden", is_active=False),
    )
    article(stories, title="One", creator=maker, body=product_cards([once, twice, hidden]))
    article(stories, title="Two", creator=maker, body=product_cards([twice, hidden]))
    article(stories, title="Other", body=product_cards([ProductFactory(name="Not theirs")]))

    html = client.get("/creators/kopi-kebun/").content.decode()

    shop = html[html.index("shop</h2>") : html.index("creator-stories")]
    assert shop.index("Twice") < shop.index("Once")
    assert "Hidden" not in shop
    assert "Not theirs" not in shop


def test_the_creator_and_tag_listings_are_paginated(client, stories, monkeypatch):
    from content.contexts import discovery

    monkeypatch.setattr(discovery, "CREATORS_PAGE_SIZE", 2)
    monkeypatch.setattr(discovery, "TAGS_PAGE_SIZE", 2)
    creator_index()
    tag_index()
    for name in ("Ayu", "Budi", "Citra"):
        CreatorProfileFactory(name=name)
    story = article(stories, title="Tagged")
    story.tags.add("aceh", "batik", "coffee")
    story.save_revision().publish()

    creators = [client.get("/creators/", {"page": n}).content.decode() for n in (1, 2)]
    tags = [client.get("/tags/", {"page": n}).content.decode() for n in (1, 2)]

    def shown(html: str, names: tuple[str, ...]) -> list[str]:
        return [name for name in names if f">{name}<" in html]

    names = ("Ayu", "Budi", "Citra")
    assert [shown(html, names) for html in creators] == [["Ayu", "Budi"], ["Citra"]]
    assert "Page 2 of 2" in creators[1]
    tag_names = ("aceh", "batik", "coffee")
    assert [shown(html, tag_names) for html in tags] == [["aceh", "batik"], ["coffee"]]
    assert "Page 2 of 2" in tags[1]
