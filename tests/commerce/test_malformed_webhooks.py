"""Correctly signed webhooks the shop cannot read: 400 (Stripe stops retrying), logged, nothing
stored, nothing changed.

Before, a missing `id` or `type`, a session without id, text where a timestamp or an amount
belongs, or an event id longer than its column answered 500 (a database error on PostgreSQL),
and Stripe retried the garbage for days. The gateway now reads every event into its typed
objects (commerce/shop/stripe_json.py) before anything is recorded.
"""

import logging

import pytest
from django.core import mail

from commerce.catalogue.models import ProductVariant
from commerce.shop.models import Order, PaymentEvent, StockReservation
from tests.commerce.conftest import deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkout(client, stripe_api, story, block_id, coffee):
    """A reader added 2 coffees from the story and went to Stripe; returns the session id."""
    variant = coffee.variants.get().pk
    client.post(
        "/cart/add/", {"variant": variant, "quantity": 2, "page": story.pk, "block": block_id}
    )
    assert client.post("/checkout/").status_code == 303
    return Order.objects.get().provider_checkout_id


@pytest.fixture
def completed(stripe_api, checkout):
    """A well-formed `checkout.session.completed` event for the checkout, paid."""
    return stripe_api.event(
        "checkout.session.completed",
        stripe_api.complete_session(checkout, email="reader@example.com"),
        event_id="evt_storyshop_1",
    )


def _drop(data: dict, key: str) -> dict:
    return {name: value for name, value in data.items() if name != key}


def _with_session(event: dict, **changes) -> dict:
    return {**event, "data": {"object": {**event["data"]["object"], **changes}}}


MALFORMED = {
    "no event id": lambda event: _drop(event, "id"),
    "empty event id": lambda event: {**event, "id": ""},
    "event id is a number": lambda event: {**event, "id": 42},
    "event id longer than its column": lambda event: {**event, "id": "evt_" + "x" * 300},
    "no type": lambda event: _drop(event, "type"),
    "type longer than its column": lambda event: {**event, "type": "checkout." * 20},
    "no data": lambda event: _drop(event, "data"),
    "object is a list": lambda event: {**event, "data": {"object": []}},
    "session without id": lambda event: {
        **event,
        "data": {"object": _drop(event["data"]["object"], "id")},
    },
    "session id longer than its column": lambda event: _with_session(event, id="cs_" + "x" * 300),
    "text for a timestamp": lambda event: _with_session(event, expires_at="tomorrow"),
    "timestamp out of range": lambda event: _with_session(event, expires_at=10**20),
    "text for an amount": lambda event: _with_session(event, amount_total="250000"),
    "fraction for an amount": lambda event: _with_session(event, amount_total=250000.5),
    "negative amount": lambda event: _with_session(event, amount_total=-1),
    "amount beyond any price": lambda event: _with_session(event, amount_total=10**15),
    "not a currency": lambda event: _with_session(event, currency="rupiah"),
    "metadata is text": lambda event: _with_session(event, metadata="order SS-1"),
    "customer details are text": lambda event: _with_session(event, customer_details="x"),
    "e-mail longer than any address": lambda event: _with_session(
        event, customer_details={"email": "r" * 250 + "@example.com"}
    ),
    "expanded payment without id": lambda event: _with_session(event, payment_intent={"x": 1}),
    "a charge where a session belongs": lambda event: _with_session(event, object="charge"),
}


@pytest.mark.parametrize("malform", list(MALFORMED.values()), ids=list(MALFORMED))
def test_a_signed_event_the_shop_cannot_read_is_a_400_and_changes_nothing(
    client, completed, malform, caplog
):
    stock = ProductVariant.objects.get().stock

    with caplog.at_level(logging.WARNING, logger="commerce"):
        response = deliver(client, malform(completed))

    assert response.status_code == 400
    assert response.json()["error"]
    assert not PaymentEvent.objects.exists()
    order = Order.objects.get()
    assert order.status == Order.Status.PENDING
    assert order.reservations.get().status == StockReservation.Status.HELD
    assert ProductVariant.objects.get().stock == stock
    assert not mail.outbox
    refusals = [record for record in caplog.records if "webhook refused" in record.getMessage()]
    assert [record.levelno for record in refusals] == [logging.WARNING]
    assert "reader@example.com" not in caplog.text  # no personal data in the logs


def test_after_a_refused_event_the_well_formed_one_with_its_id_is_processed(client, completed):
    assert deliver(client, _with_session(completed, amount_total="lots")).status_code == 400

    response = deliver(client, completed)

    assert response.json() == {"received": True, "outcome": "processed"}
    assert Order.objects.get().status == Order.Status.PAID
    assert PaymentEvent.objects.get().event_id == "evt_storyshop_1"


@pytest.mark.parametrize(
    ("event_type", "changes"),
    [
        ("charge.refunded", {"amount_refunded": "all of it"}),
        ("charge.refunded", {"id": None}),
        ("refund.updated", {"id": None}),
        ("refund.updated", {"amount": "1000"}),
        ("refund.failed", {"object": "customer"}),
    ],
)
def test_malformed_refund_events_are_400s_and_refund_nothing(
    client, stripe_api, completed, event_type, changes
):
    deliver(client, completed)
    intent = Order.objects.get().provider_payment_id
    refund = stripe_api.refund_in_dashboard(intent, 250000)
    about = stripe_api.charge(intent) if event_type == "charge.refunded" else refund
    about = {key: value for key, value in {**about, **changes}.items() if value is not None}

    response = deliver(client, stripe_api.event(event_type, about))

    assert response.status_code == 400
    order = Order.objects.get()
    assert order.status == Order.Status.PAID
    assert order.refunded_amount == 0
    assert PaymentEvent.objects.count() == 1  # the payment's only


def test_events_about_objects_the_shop_does_not_read_are_still_recorded_and_ignored(
    client, stripe_api, checkout
):
    dispute = {"id": "dp_1", "object": "dispute", "amount": "not read", "charge": {"any": 1}}

    response = deliver(client, stripe_api.event("charge.dispute.created", dispute))

    assert response.json() == {"received": True, "outcome": "ignored"}
    assert PaymentEvent.objects.get().object_id == "dp_1"
