"""The success page asks Stripe about a checkout at most once in a while, per session and per
client, and still settles a paid order exactly once (issue 10, finding 6)."""

import pytest
from django.core import mail
from django.test import Client

from commerce.shop.models import Order
from tests.commerce.conftest import committed, deliver, success_url
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def session_lookups(stripe_api, session_id: str) -> int:
    """How many times the shop asked Stripe about the session (the stand-in's request log)."""
    path = f"/v1/checkout/sessions/{session_id}"
    return sum(1 for r in stripe_api.requests if r.method == "GET" and r.path == path)


def check_out(client: Client, stock: int = 10) -> str:
    """The reader goes to Stripe with one unit; returns the Checkout Session id."""
    variant = ProductFactory(stock=stock).variants.get()
    assert client.post("/checkout/", {"variant": variant.pk, "quantity": 1}).status_code == 303
    return Order.objects.filter(status=Order.Status.PENDING).latest("pk").provider_checkout_id


def success_page(client: Client, session_id: str) -> str:
    response = client.get(success_url(session_id))
    assert response.status_code == 200
    return response.content.decode()


def test_forty_reloads_of_an_unpaid_checkout_ask_stripe_once(client, stripe_api):
    session_id = check_out(client)

    pages = [success_page(client, session_id) for _ in range(40)]

    assert session_lookups(stripe_api, session_id) == 1
    assert all("waiting for Stripe" in page for page in pages)
    assert Order.objects.get().status == Order.Status.PENDING


def test_a_payment_made_meanwhile_is_still_settled_once_by_the_webhook(client, stripe_api):
    session_id = check_out(client)
    success_page(client, session_id)
    event = stripe_api.event("checkout.session.completed", stripe_api.complete_session(session_id))

    assert "waiting for Stripe" in success_page(client, session_id)  # not asked again so soon
    deliver(client, event)
    page = success_page(client, session_id)

    assert "is paid" in page
    assert Order.objects.get().history.filter(status=Order.Status.PAID).count() == 1
    assert len(mail.outbox) == 1
    assert session_lookups(stripe_api, session_id) == 1


def test_once_the_interval_has_passed_the_page_asks_again_and_settles_the_payment(
    client, stripe_api
):
    from django.core.cache import cache

    session_id = check_out(client)
    success_page(client, session_id)
    stripe_api.complete_session(session_id)
    cache.clear()  # what the cache forgets once SESSION_LOOKUP_INTERVAL has passed

    with committed():
        page = success_page(client, session_id)

    assert "is paid" in page
    assert session_lookups(stripe_api, session_id) == 2
    assert Order.objects.get().status == Order.Status.PAID


def test_one_client_asking_about_many_checkouts_is_limited(stripe_api, settings):
    settings.STORYSHOP_CHECKOUT_LOOKUP_LIMIT = "2"
    readers = [Client(REMOTE_ADDR="203.0.113.9") for _ in range(3)]
    sessions = [check_out(reader) for reader in readers]

    pages = [
        success_page(reader, session) for reader, session in zip(readers, sessions, strict=True)
    ]

    assert [session_lookups(stripe_api, session) for session in sessions] == [1, 1, 0]
    assert "waiting for Stripe" in pages[2]  # the page is still the reader's own
    assert Order.objects.get(provider_checkout_id=sessions[2]).reference in pages[2]
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    session = check_out(elsewhere)
    success_page(elsewhere, session)
    assert session_lookups(stripe_api, session) == 1


def test_strangers_reloading_someone_elses_link_never_see_the_order(client, stripe_api):
    session_id = check_out(client)
    stranger = Client(REMOTE_ADDR="198.51.100.20")

    pages = [success_page(stranger, session_id) for _ in range(5)]

    reference = Order.objects.get().reference
    assert all(reference not in page for page in pages)
    assert session_lookups(stripe_api, session_id) == 1
