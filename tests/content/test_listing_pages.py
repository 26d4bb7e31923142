import pytest

from tests.factories import ImageFactory, article, home_page

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
