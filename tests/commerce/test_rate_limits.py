"""Cart changes and checkout starts are rate-limited per client, with a 429 that says when to
come back, in HTML or JSON as the endpoint answers (issue 10, finding 7)."""

import pytest
from django.test import Client

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
JSON = {"Accept": "application/json"}


def test_cart_changes_beyond_the_allowance_get_a_429_and_change_nothing(client, settings):
    settings.STORYSHOP_CART_LIMIT = "3"
    variant = ProductFactory(stock=10).variants.get()
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 1}, headers=JSON)
    client.post("/cart/update/", {"variant": variant.pk, "quantity": 2}, headers=JSON)
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 1}, headers=JSON)
    before = client.session["cart"]

    refused = [
        client.post("/cart/remove/", {"variant": variant.pk}, headers=JSON),
        client.post("/cart/update/", {"variant": variant.pk, "quantity": 1}, headers=JSON),
        client.post("/cart/add/", {"variant": variant.pk, "quantity": 1}, headers=JSON),
    ]

    assert [answer.status_code for answer in refused] == [429] * 3
    body = refused[0].json()
    assert body["ok"] is False
    assert "Your cart was changed too often from your connection" in body["error"]
    assert 0 < int(refused[0]["Retry-After"]) <= 60
    assert client.session["cart"] == before
    other = Client(REMOTE_ADDR="198.51.100.20")
    assert other.post("/cart/add/", {"variant": variant.pk, "quantity": 1}).status_code == 303


def test_without_javascript_the_refusal_is_the_cart_page_saying_why(client, settings):
    settings.STORYSHOP_CART_LIMIT = "1"
    variant = ProductFactory(stock=10).variants.get()
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 1})

    refused = client.post("/cart/add/", {"variant": variant.pk, "quantity": 1})

    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Your cart was changed too often" in html
    assert "Kopi Lot" in html  # the cart as it is
    assert refused.has_header("Retry-After")


def test_looking_at_the_cart_is_not_limited(client, settings):
    settings.STORYSHOP_CART_LIMIT = "1"

    assert {client.get("/cart/").status_code for _ in range(5)} == {200}


def test_the_scale_raises_every_allowance_at_once(client, settings):
    settings.STORYSHOP_CART_LIMIT = "1"
    settings.STORYSHOP_RATE_LIMIT_SCALE = "3"
    variant = ProductFactory(stock=10).variants.get()

    answers = [
        client.post("/cart/add/", {"variant": variant.pk, "quantity": 1}, headers=JSON)
        for _ in range(4)
    ]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]


def test_checkout_starts_beyond_the_allowance_answer_json_when_asked(stripe_api, settings):
    settings.STORYSHOP_CHECKOUT_LIMIT = "1"
    variant = ProductFactory(stock=10).variants.get()
    reader = Client()
    assert reader.post("/checkout/", {"variant": variant.pk, "quantity": 1}).status_code == 303

    refused = reader.post("/checkout/", {"variant": variant.pk, "quantity": 2}, headers=JSON)

    assert refused.status_code == 429
    assert "Too many checkouts were started" in refused.json()["error"]
    assert 0 < int(refused["Retry-After"]) <= 600
    assert len(stripe_api.sessions()) == 1
