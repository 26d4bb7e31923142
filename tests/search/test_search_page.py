import pytest

from tests.factories import ProductFactory, article

pytestmark = pytest.mark.django_db


def test_search_finds_stories_and_products(client, stories):
    article(stories, title="Reading batik motifs", intro="A field guide to Kawung and Parang.")
    ProductFactory(name="Batik Cap Kawung Shirt")
    ProductFactory(name="Kopi Gayo")

    html = client.get("/search/", {"q": "kawung"}).content.decode()

    assert "Reading batik motifs" in html
    assert "Batik Cap Kawung Shirt" in html
    assert "Kopi Gayo" not in html


def test_search_leaves_out_inactive_products(client):
    ProductFactory(name="Retired Kawung Shirt", is_active=False)

    assert "Retired Kawung Shirt" not in client.get("/search/", {"q": "kawung"}).content.decode()


def test_overlong_search_gets_a_clear_error(client):
    response = client.get("/search/", {"q": "kopi " * 60})

    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()


def test_empty_search_explains_what_to_do(client):
    response = client.get("/search/", {"q": "   "})

    assert response.status_code == 200
    assert "Type what you are looking for" in response.content.decode()
