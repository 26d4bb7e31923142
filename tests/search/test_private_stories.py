"""A story an editor makes private leaves search at once, on both backends: its own hit, the
"Featured in" of its products and its creator's facet; lifting the restriction brings it back."""

import pytest
from django.test import Client

from tests.factories import article_index
from tests.search.shop import build_shop
from tests.users import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(stories, indexed):
    with indexed():
        return build_shop(stories)


@pytest.fixture
def editor(client):
    client.force_login(member_of("Editors"))
    return client


def set_privacy(editor, indexed, page, restriction_type, **fields):
    """Set `page`'s privacy in the admin's privacy dialog, as an editor does."""
    with indexed():
        response = editor.post(
            f"/admin/pages/{page.pk}/privacy/", {"restriction_type": restriction_type, **fields}
        )
    assert response.status_code == 200
    assert response.json()["step"] == "set_privacy_done"


BATIK_STORY = "/stories/reading-batik-motifs/"
KOPI_STORY = "/stories/kopi-gayo-from-the-highlands/"
SHIRT = "/products/batik-cap-kawung-shirt/"
KOPI = "/products/kopi-gayo-200-g/"


def reader_sees(**params) -> str:
    """The search page an anonymous reader gets (titles may be marked up: look for links)."""
    response = Client().get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_story_made_private_leaves_search_and_featured_in_at_once(shop, editor, indexed):
    assert BATIK_STORY in reader_sees(q="shirt")  # the shirt is "Featured in" it

    set_privacy(editor, indexed, shop.batik_story, "password", password="kawung")

    for params in ({"q": "shirt"}, {"q": "motifs"}, {"q": "kawung"}, {"creator": "ani"}):
        assert BATIK_STORY not in reader_sees(**params), params
    assert SHIRT in reader_sees(q="shirt")
    assert SHIRT not in reader_sees(creator="ani")
    assert "Ani Batik" not in reader_sees(q="shirt")


def test_a_private_section_hides_every_story_below_it(shop, editor, indexed, stories):
    set_privacy(editor, indexed, stories, "login")

    html = reader_sees(q="kopi")

    assert KOPI in html
    assert KOPI_STORY not in html
    assert "Budi Roaster" not in html
    assert BATIK_STORY not in reader_sees(q="shirt")


def test_lifting_the_restriction_brings_the_story_back(shop, editor, indexed):
    set_privacy(editor, indexed, shop.batik_story, "password", password="kawung")
    set_privacy(editor, indexed, shop.batik_story, "none")

    html = reader_sees(q="shirt")

    assert BATIK_STORY in html
    assert "Ani Batik" in html
    assert BATIK_STORY in reader_sees(q="motifs")


def test_a_story_moved_into_a_private_section_leaves_search(shop, editor, indexed):
    members = article_index(title="Members")
    set_privacy(editor, indexed, members, "login")
    with indexed():
        shop.batik_story.move(members, pos="last-child")

    assert BATIK_STORY not in reader_sees(q="shirt")
    assert BATIK_STORY not in reader_sees(q="motifs")
    assert "/members/reading-batik-motifs/" not in reader_sees(q="shirt")
