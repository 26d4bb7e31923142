"""Property-based tests: whatever a stranger sends to a public URL, no 5xx, and a refusal
changes nothing.

Hypothesis generates query strings, form and JSON bodies, path segments and signed webhook
payloads (tests/hostile/strategies.py) for the cart, checkout, search, the API, feeds, oEmbed,
reviews and the Stripe webhook. Each example runs in a savepoint that is rolled back after it,
with a fresh client and an empty cache, so examples do not see each other's orders, carts or
rate-limit counts; the orders, stock, holds, events, reviews and the client's cart are compared
before and after each refusal. The Django test client re-raises a view's exception, so a 5xx
shows as the exception with the input that caused it.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import event, given
from hypothesis import strategies as st

from commerce.catalogue.models import Product, ProductVariant, Review
from commerce.shop.models import Order, OrderLine, PaymentEvent, StockReservation
from commerce.shop.services.cart import read_cart
from commerce.shop.services.reviews import review_token
from tests.commerce.conftest import WEBHOOK_SECRET
from tests.commerce.stripe_stand_in import sign_payload
from tests.hostile.strategies import (
    ACCEPTS,
    BODY_ENCODINGS,
    HOSTILE_SETTINGS,
    JSON_VALUES,
    changed_event,
    event_changes,
    ids,
    mutations_of,
    numbers_or_texts,
    parameters,
    queries,
    texts,
)

pytestmark = pytest.mark.django_db

# Each endpoint's own parameters, with values of the kind each takes (and any text besides).
PAGE_TYPES = st.sampled_from(
    [
        "content.ArticlePage",
        "content.TutorialPage",
        "content.CreatorPostPage",
        "content.ArticlePage,content.TutorialPage",
        "wagtailcore.Page",
        "home.HomePage",
        "auth.User",
        "nope.Nope",
    ]
)
DATES = st.one_of(st.dates().map(str), st.sampled_from(["2026-13-45", "2026-02-30", "20260301"]))
API_PARAMETERS = {
    "type": PAGE_TYPES,
    "fields": st.sampled_from(["*", "_", "title,date", "body", "body(product)", "*,-title"]),
    "order": st.sampled_from(["title", "-title", "random", "date", "-first_published_at", "x"]),
    "search": texts(),
    "search_operator": st.sampled_from(["and", "or", "AND", "xor", ""]),
    "offset": ids(),
    "limit": ids(),
    "child_of": st.one_of(ids(), st.just("root")),
    "descendant_of": st.one_of(ids(), st.just("root")),
    "ancestor_of": ids(),
    "translation_of": ids(),
    "locale": st.sampled_from(["en", "id", "xx"]),
    "site": st.sampled_from(["localhost", "testserver", "localhost:80", "x"]),
    "date": DATES,
    "first_published_at": st.one_of(DATES, st.datetimes().map(lambda moment: moment.isoformat())),
    "tags": texts(),
    "tag": texts(),
    "id": ids(),
    "title": texts(),
    "slug": texts(),
    "hero_image": ids(),
    "creator": ids(),
    "html_path": texts(),
    "rich_text_format": st.sampled_from(["html", "draftail", "x"]),
    "width": ids(),
}
SEARCH_PARAMETERS = {
    "q": texts(),
    "type": st.sampled_from(["articlepage", "tutorialpage", "creatorpostpage", "product", "x"]),
    "tag": st.sampled_from(["coffee", "batik", ""]),
    "creator": texts(),
    "price": st.sampled_from(["0-50000", "100000-250000", "500000-", "x"]),
    "in_stock": st.sampled_from(["1", "true", "on", "0"]),
    "sort": st.sampled_from(["relevance", "newest", "price", "x"]),
    "page": ids(),
}
PAGE_PARAMETERS = {
    "page": ids(),
    "tag": st.sampled_from(["coffee", "batik", ""]),
    "ref": texts(),
    "via": ids(),
    "utm_source": texts(),
}
OEMBED_PARAMETERS = ("url", "format", "maxwidth", "maxheight")
CART_FIELDS = ("variant", "quantity", "page", "block", "next")
REVIEW_FIELDS = ("rating", "title", "body", "author_name")
WEBHOOK_TYPES = (
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
    "charge.refunded",
    "charge.refund.updated",
    "refund.updated",
    "refund.failed",
    "customer.created",
)


@contextmanager
def example() -> Iterator[None]:
    """One example: an empty cache, and every database change undone when it ends."""
    cache.clear()
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


def shop_state(client: Client | None = None) -> dict[str, Any]:
    """What a refused request must leave as it was."""
    return {
        "orders": list(Order.objects.order_by("pk").values_list("pk", "status", "total")),
        "stock": list(ProductVariant.objects.order_by("pk").values_list("pk", "stock")),
        "holds": list(
            StockReservation.objects.order_by("pk").values_list("pk", "status", "quantity")
        ),
        "events": list(PaymentEvent.objects.order_by("pk").values_list("event_id", flat=True)),
        "reviews": Review.objects.count(),
        "cart": read_cart(client.session) if client is not None else [],
    }


def send(client: Client, path: str, body: dict[str, Any], encoding: str, accept: str):
    """POST `body` to `path` as an HTML form, a multipart form or JSON."""
    headers = {"Accept": accept}
    if encoding == "json":
        return client.post(path, json.dumps(body), "application/json", headers=headers)
    if encoding == "urlencoded":
        form = urlencode(body, doseq=True)
        return client.post(path, form, "application/x-www-form-urlencoded", headers=headers)
    return client.post(path, body, headers=headers)


def assert_refusal_changed_nothing(response, before: dict[str, Any], client: Client | None) -> None:
    event(f"HTTP {response.status_code}")  # --hypothesis-show-statistics shows the mix
    assert response.status_code < 500
    if response.status_code >= 400:
        assert shop_state(client) == before


def assert_get_is_safe(
    path: str, query: dict[str, Any], accept: str, allowed: frozenset[int] = frozenset()
) -> None:
    """A GET answers below 500 (or a status in `allowed`) and changes nothing, whatever its
    query string."""
    with example():
        client = Client()
        before = shop_state(client)
        response = client.get(path, query, headers={"Accept": accept})
        event(f"HTTP {response.status_code}")
        assert response.status_code < 500 or response.status_code in allowed
        assert shop_state(client) == before


@pytest.fixture
def public_paths(story, coffee) -> list[str]:
    return [
        "/",
        "/stories/",
        story.url,
        f"/products/{coffee.slug}/",
        f"/embed/products/{coffee.pk}/",
        "/feeds/stories/",
        "/feeds/tags/coffee/",
        "/sitemap.xml",
        "/cart/",
    ]


@HOSTILE_SETTINGS
@given(
    data=st.data(),
    query=queries(API_PARAMETERS, base={"type": "content.ArticlePage", "fields": "*"}),
    accept=ACCEPTS,
)
def test_api_query_parameters_never_make_a_server_error(story, data, query, accept):
    endpoint = data.draw(
        st.sampled_from(
            [
                "/api/v2/pages/",
                "/api/v2/pages/find/",
                f"/api/v2/pages/{story.pk}/",
                "/api/v2/products/",
                "/api/v2/images/",
            ]
        )
    )
    assert_get_is_safe(endpoint, query, accept)


@HOSTILE_SETTINGS
@given(
    path=st.sampled_from(["/search/", "/search/suggest/"]),
    query=queries(SEARCH_PARAMETERS, base={"q": "kopi"}),
    accept=ACCEPTS,
)
def test_search_parameters_never_make_a_server_error(story, path, query, accept):
    assert_get_is_safe(path, query, accept)


@HOSTILE_SETTINGS
@given(data=st.data(), query=queries(PAGE_PARAMETERS), accept=ACCEPTS)
def test_page_feed_and_embed_parameters_never_make_a_server_error(
    public_paths, data, query, accept
):
    assert_get_is_safe(data.draw(st.sampled_from(public_paths)), query, accept)


@HOSTILE_SETTINGS
@given(segment=texts(), in_tags=st.booleans(), accept=ACCEPTS)
def test_feed_paths_never_make_a_server_error(story, segment, in_tags, accept):
    path = f"/feeds/tags/{quote(segment, safe='')}/" if in_tags else f"/feeds/{quote(segment)}/"
    assert_get_is_safe(path, {}, accept)


@HOSTILE_SETTINGS
@given(data=st.data(), query=parameters(OEMBED_PARAMETERS), accept=ACCEPTS)
def test_oembed_parameters_never_make_a_server_error(story, coffee, data, query, accept):
    own_url = data.draw(
        st.builds(
            "http://testserver/products/{}/{}".format,
            st.sampled_from([coffee.slug, "unknown", ""]),
            st.one_of(st.just(""), texts().map(lambda via: f"?via={quote(via)}")),
        )
    )
    if data.draw(st.booleans()):
        query = data.draw(mutations_of({"url": own_url, "maxwidth": "400"}, OEMBED_PARAMETERS))
    # oEmbed's specification answers 501 Not Implemented to a format the provider does not serve.
    assert_get_is_safe("/oembed/", query, accept, allowed=frozenset({501}))


def _cart_form(data: st.DataObject, base: dict[str, Any], story_id: int) -> dict[str, Any]:
    """A cart or checkout form: mostly `base` (well formed) with a few changes, else any form
    of ids and quantities near real ones."""
    if data.draw(st.booleans()):
        return data.draw(mutations_of(base, CART_FIELDS))
    fields = {
        "variant": numbers_or_texts(base.get("variant", 1)),
        "quantity": numbers_or_texts(1, 10),
        "page": numbers_or_texts(story_id, 1),
        "block": texts(max_size=70),
        "next": texts(),
    }
    return data.draw(st.fixed_dictionaries({}, optional=fields))


@HOSTILE_SETTINGS
@given(
    data=st.data(),
    path=st.sampled_from(["/cart/add/", "/cart/update/", "/cart/remove/"]),
    encoding=BODY_ENCODINGS,
    accept=ACCEPTS,
)
def test_cart_bodies_never_make_a_server_error_and_refusals_change_nothing(
    story, block_id, coffee, data, path, encoding, accept
):
    variant = coffee.variants.get().pk
    valid = {
        "/cart/add/": {"variant": variant, "quantity": "1", "page": story.pk, "block": block_id},
        "/cart/update/": {"variant": variant, "quantity": "3"},
        "/cart/remove/": {"variant": variant},
    }
    form = _cart_form(data, valid[path], story.pk)
    with example():
        client = Client()
        client.post("/cart/add/", {"variant": variant, "quantity": 1})
        before = shop_state(client)

        response = send(client, path, form, encoding, accept)

        assert_refusal_changed_nothing(response, before, client)
        # A cart change, accepted or not, never touches orders or stock.
        assert {**shop_state(client), "cart": []} == {**before, "cart": []}


@HOSTILE_SETTINGS
@given(data=st.data(), with_cart=st.booleans(), encoding=BODY_ENCODINGS, accept=ACCEPTS)
def test_checkout_bodies_never_make_a_server_error_and_refusals_change_nothing(
    stripe_api, story, block_id, coffee, data, with_cart, encoding, accept
):
    variant = coffee.variants.get().pk
    buy_now = {"variant": variant, "quantity": "1", "page": story.pk, "block": block_id}
    form = _cart_form(data, {} if with_cart else buy_now, story.pk)
    with example():
        client = Client()
        if with_cart:
            client.post("/cart/add/", {"variant": variant, "quantity": 2})
        before = shop_state(client)

        response = send(client, "/checkout/", form, encoding, accept)

        assert_refusal_changed_nothing(response, before, client)
        if response.status_code == 303:  # a checkout was opened: one order, its stock held
            assert Order.objects.count() == len(before["orders"]) + 1


@HOSTILE_SETTINGS
@given(data=st.data(), page=st.sampled_from(["success", "cancel"]), accept=ACCEPTS)
def test_checkout_return_pages_never_make_a_server_error(stripe_api, coffee, data, page, accept):
    with example():
        client = Client()
        client.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 1})
        client.post("/checkout/")
        order = Order.objects.get()
        plausible = [order.reference, order.provider_checkout_id]
        value = data.draw(st.one_of(st.sampled_from(plausible), texts()))
        query = {"order": value}
        query |= data.draw(parameters(["order"]))
        before = shop_state(client)

        response = client.get(f"/checkout/{page}/", query, headers={"Accept": accept})

        event(f"HTTP {response.status_code}")
        assert response.status_code < 500
        if query.get("order") != order.reference:  # only the reader's own order is closed
            assert {**shop_state(client), "cart": []} == {**before, "cart": []}


@pytest.fixture
def review_line(coffee: Product) -> OrderLine:
    """One unit of coffee in a paid order: its review link is valid."""
    order = Order.objects.create(
        status=Order.Status.PAID, currency="IDR", total=coffee.price, email="buyer@example.com"
    )
    variant = coffee.variants.get()
    return OrderLine.objects.create(
        order=order,
        variant=variant,
        product_name=coffee.name,
        sku=variant.sku,
        unit_price=coffee.price,
        quantity=1,
    )


@HOSTILE_SETTINGS
@given(
    data=st.data(),
    method=st.sampled_from(["get", "post"]),
    encoding=BODY_ENCODINGS,
    accept=ACCEPTS,
)
def test_review_links_and_forms_never_make_a_server_error(
    review_line, data, method, encoding, accept
):
    token = review_token(review_line)
    token = data.draw(
        st.one_of(
            st.just(token),
            st.sampled_from([token, token[:-1] + "A"]),  # its signature tampered with
            texts().map(lambda t: t or "x"),
        )
    )
    review = {"rating": "5", "title": "Bright", "body": "Sweet.", "author_name": "Sari"}
    form = data.draw(st.one_of(mutations_of(review, REVIEW_FIELDS), parameters(REVIEW_FIELDS)))
    path = f"/reviews/write/{quote(token, safe='')}/"
    with example():
        client = Client()
        before = shop_state(client)
        if method == "get":
            response = client.get(path, form, headers={"Accept": accept})
        else:
            response = send(client, path, form, encoding, accept)
        assert_refusal_changed_nothing(response, before, client)


@pytest.fixture
def completed_event(client: Client, stripe_api: Any, coffee: Product) -> dict[str, Any]:
    """A checkout waiting for its payment, and Stripe's well-formed event saying it was paid."""
    client.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 2})
    client.post("/checkout/")
    session = stripe_api.complete_session(Order.objects.get().provider_checkout_id)
    return stripe_api.event("checkout.session.completed", session)


def deliver_signed(payload: str):
    return Client().post(
        "/stripe/webhook/",
        payload,
        "application/json",
        headers={"Stripe-Signature": sign_payload(payload, WEBHOOK_SECRET)},
    )


@HOSTILE_SETTINGS
@given(body=JSON_VALUES)
def test_signed_arbitrary_json_never_makes_a_server_error_and_refusals_store_nothing(
    completed_event, body
):
    with example():
        before = shop_state()
        response = deliver_signed(json.dumps(body))
        assert_refusal_changed_nothing(response, before, None)


@HOSTILE_SETTINGS
@given(
    event_type=st.sampled_from(WEBHOOK_TYPES),
    changes=event_changes(
        ["id", "type", "data", "object", "created"],
        [
            "id",
            "object",
            "status",
            "payment_status",
            "amount_total",
            "currency",
            "metadata",
            "payment_intent",
            "customer_details",
            "expires_at",
            "amount",
            "amount_refunded",
        ],
    ),
)
def test_signed_changed_events_never_make_a_server_error_and_refusals_store_nothing(
    completed_event, event_type, changes
):
    event = changed_event({**completed_event, "type": event_type}, changes)
    with example():
        before = shop_state()
        response = deliver_signed(json.dumps(event))
        assert_refusal_changed_nothing(response, before, None)
