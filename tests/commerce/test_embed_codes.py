""" "Embed code" in the admin: creators copy the snippets of products their stories feature."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from storyshop.creators.models import CreatorProfile
from tests.factories import ProductFactory, article, product_cards
from tests.users import member_of

pytestmark = pytest.mark.django_db

URL = "/admin/embed-codes/"


@pytest.fixture
def dewi(db) -> CreatorProfile:
    return CreatorProfile.objects.create(name="Dewi", slug="dewi", user=member_of("Creators"))


def snippets(html: str) -> list[str]:
    return [unescape(text) for text in re.findall(r"<textarea [^>]*>([^<]*)</textarea>", html)]


def denied(response) -> bool:
    """Wagtail's answer to a denied admin page: back to the dashboard, saying so."""
    return response.status_code == 302 and response.url == "/admin/"


def test_a_creator_copies_a_snippet_per_product_of_each_live_story(client, stories, dewi, coffee):
    tea = ProductFactory(name="Teh Kayu Aro")
    gayo = article(stories, title="Gayo", creator=dewi, body=product_cards([coffee, tea]))
    kerinci = article(stories, title="Kerinci", creator=dewi, body=product_cards([tea]))
    draft = article(stories, title="Draft", creator=dewi, body=product_cards([coffee]))
    draft.unpublish()
    article(stories, title="Someone else's", body=product_cards([coffee]))
    client.force_login(dewi.user)

    response = client.get(URL)

    assert response.status_code == 200
    assert "&lt;div data-storyshop-product=" in response.content.decode()  # shown, not run
    loader = '<script src="http://localhost/embed/loader.js" async></script>'
    assert sorted(snippets(response.content.decode())) == sorted(
        f'<div data-storyshop-product="{product.pk}" data-storyshop-via="{story.pk}" '
        f'data-storyshop-title="{product.name}"></div>{loader}'
        for story, product in [(gayo, coffee), (gayo, tea), (kerinci, tea)]
    )


def test_a_creator_without_live_stories_is_told_so(client, dewi):
    client.force_login(dewi.user)

    html = client.get(URL).content.decode()

    assert "No live story of Dewi features a product yet." in html


def test_a_creator_sees_only_their_own_snippets(client, stories, dewi, coffee):
    other = CreatorProfile.objects.create(name="Sekar", slug="sekar")
    article(stories, title="Batik", creator=other, body=product_cards([coffee]))
    client.force_login(dewi.user)

    assert denied(client.get(URL, {"creator": "sekar"}))
    assert client.get(URL, {"creator": "dewi"}).status_code == 200


def test_editors_pick_any_creator(client, stories, dewi, coffee):
    story = article(stories, title="Gayo", creator=dewi, body=product_cards([coffee]))
    client.force_login(member_of("Editors"))

    picker = client.get(URL)
    chosen = client.get(URL, {"creator": "dewi"})

    assert '<option value="dewi">Dewi</option>' in picker.content.decode()
    assert snippets(picker.content.decode()) == []
    assert f'data-storyshop-via="{story.pk}"' in snippets(chosen.content.decode())[0]
    assert client.get(URL, {"creator": "nobody"}).status_code == 404


def test_the_menu_item_is_for_creators_and_editors_only(client, dewi, django_user_model):
    for user in (dewi.user, member_of("Editors")):
        client.force_login(user)
        assert URL in client.get("/admin/").content.decode()

    someone = django_user_model.objects.create_user("finance", password="pw")
    someone.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(someone)
    assert URL not in client.get("/admin/").content.decode()
    assert denied(client.get(URL))


def test_the_page_costs_the_same_queries_for_one_story_or_many(client, stories, dewi):
    client.force_login(dewi.user)

    def queries() -> int:
        client.get(URL)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    article(stories, title="One", creator=dewi, body=product_cards([ProductFactory()]))
    one = queries()
    for number in range(4):
        products = ProductFactory.create_batch(3)
        article(stories, title=f"More {number}", creator=dewi, body=product_cards(products))

    assert queries() == one
