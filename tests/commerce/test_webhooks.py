"""Stripe webhooks: signatures, exactly-once fulfilment, expiry, refunds, the success page."""

import json

import pytest
from django.core import mail
from django.test import Client

from commerce.catalogue.models import ProductVariant
from commerce.shop.models import CommissionEntry, Order, PaymentEvent, Refund, StockReservation
from storyshop.creators.models import CreatorProfile
from tests.commerce.conftest import WEBHOOK_SECRET, committed, deliver, reconcile, success_url
from tests.commerce.ledger import earned, kinds
from tests.commerce.stripe_stand_in import sign_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkout(client, stripe_api, story, block_id, coffee):
    """A reader added 2 coffees from the story and went to Stripe; returns the session id."""
    story.creator = CreatorProfile.objects.create(name="Dewi", slug="dewi", commission_rate="0.100")
    story.save_revision().publish()
    client.post(
        "/cart/add/",
        {"variant": coffee.variants.get().pk, "quantity": 2, "page": story.pk, "block": block_id},
    )
    assert client.post("/checkout/").status_code == 303
    return Order.objects.get().provider_checkout_id


def completed_event(stripe_api, session_id, **kwargs):
    return stripe_api.event(
        "checkout.session.completed", stripe_api.complete_session(session_id, **kwargs)
    )


def test_completed_checkout_marks_the_order_paid_commits_stock_and_sends_one_email(
    client, stripe_api, checkout, story
):
    response = deliver(client, completed_event(stripe_api, checkout))

    assert response.status_code == 200
    assert response.json() == {"received": True, "outcome": "processed"}
    order = Order.objects.get()
    assert order.status == Order.Status.PAID
    assert order.email == "reader@example.com"
    assert order.provider_payment_id == stripe_api.session(checkout)["payment_intent"]
    assert order.lines.get().source_page_id == story.pk
    assert order.reservations.get().status == StockReservation.Status.COMMITTED
    assert ProductVariant.objects.get().stock == 8
    assert len(mail.outbox) == 1
    assert order.reference in mail.outbox[0].subject
    assert "Rp\u00a0250.000" in mail.outbox[0].body
    assert (CommissionEntry.objects.get().creator.slug, earned()) == ("dewi", 25000)


def test_the_same_event_delivered_again_changes_nothing(client, stripe_api, checkout):
    event = completed_event(stripe_api, checkout)
    deliver(client, event)

    response = deliver(client, event)

    assert response.json()["outcome"] == "duplicate"
    assert len(mail.outbox) == 1
    assert Order.objects.get().history.filter(status=Order.Status.PAID).count() == 1
    assert PaymentEvent.objects.count() == 1


def test_success_page_before_the_webhook_fulfils_and_the_webhook_is_then_a_no_op(
    client, stripe_api, checkout
):
    event = completed_event(stripe_api, checkout)

    with committed():
        page = client.get(success_url(checkout))

    assert page.status_code == 200
    assert len(mail.outbox) == 1
    html = page.content.decode()
    assert "Thank you!" in html
    assert Order.objects.get().reference in html
    assert Order.objects.get().status == Order.Status.PAID
    assert "cart" not in client.session  # the paid cart is emptied
    assert deliver(client, event).json()["outcome"] == "processed"
    assert len(mail.outbox) == 1
    assert ProductVariant.objects.get().stock == 8


def test_success_page_of_an_expired_checkout_keeps_the_cart(client, stripe_api, checkout):
    deliver(
        client, stripe_api.event("checkout.session.expired", stripe_api.expire_session(checkout))
    )

    html = client.get(success_url(checkout)).content.decode()

    assert "This checkout was not paid" in html
    assert "cart" in client.session


def test_success_page_of_an_unpaid_session_does_not_pretend(client, stripe_api, checkout):
    html = client.get(success_url(checkout)).content.decode()

    assert "waiting for Stripe" in html
    assert Order.objects.get().status == Order.Status.PENDING
    assert "cart" in client.session


@pytest.mark.parametrize(
    ("reference", "status"),
    [("", 400), ("not-an-order", 400), ("SS-" + "X" * 300, 400), ("SS-UNKNOWN23", 404)],
)
def test_success_page_with_a_bad_or_unknown_order_never_asks_stripe(
    client, stripe_api, reference, status
):
    response = client.get("/checkout/success/", {"order": reference})

    assert response.status_code == status
    assert not Order.objects.exists()
    assert not stripe_api.requests


def test_success_page_of_a_settled_order_does_not_ask_stripe_again(client, stripe_api, checkout):
    deliver(client, completed_event(stripe_api, checkout))
    asked = len(stripe_api.requests)

    page = client.get(success_url(checkout))

    assert "Thank you!" in page.content.decode()
    assert len(stripe_api.requests) == asked


def test_only_the_reader_who_placed_the_order_sees_it_on_the_success_page(
    client, stripe_api, checkout
):
    deliver(client, completed_event(stripe_api, checkout))
    order = Order.objects.get()

    stranger = Client().get(success_url(checkout)).content.decode()
    reader = client.get(success_url(checkout)).content.decode()

    assert "Thank you!" in stranger
    for private in (order.reference, "Kopi Gayo", "reader@example.com", "250.000"):
        assert private not in stranger
        assert private in reader


def test_the_success_page_never_shows_what_stripe_reported_for_a_mismatched_payment(
    client, stripe_api, checkout
):
    stripe_api.complete_session(checkout, amount_total=100)

    page = client.get(success_url(checkout))

    html = page.content.decode()
    assert page.status_code == 200
    assert "We are checking the payment" in html
    assert "100 IDR" not in html
    assert "minor units" not in html
    assert Order.objects.get().status == Order.Status.NEEDS_ATTENTION


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        "t=1,v1=deadbeef",
        "garbage",
        sign_payload("{}", WEBHOOK_SECRET),  # signed, but for another body
        "{other}",  # signed with another secret
        "{stale}",  # signed an hour ago
    ],
)
def test_a_webhook_without_a_valid_signature_is_refused_and_changes_nothing(
    client, stripe_api, checkout, signature
):
    event = completed_event(stripe_api, checkout)
    payload = json.dumps(event)
    if signature == "{other}":
        signature = sign_payload(payload, "whsec_someone_else")
    if signature == "{stale}":
        import time

        signature = sign_payload(payload, WEBHOOK_SECRET, timestamp=int(time.time()) - 3600)
    headers = {"Stripe-Signature": signature} if signature is not None else {}

    response = client.post(
        "/stripe/webhook/", data=payload, content_type="application/json", headers=headers
    )

    assert response.status_code == 400
    assert Order.objects.get().status == Order.Status.PENDING
    assert not PaymentEvent.objects.exists()
    assert not mail.outbox


def test_a_webhook_body_that_is_not_an_event_is_refused(client, stripe_api):
    payload = "not json"
    response = client.post(
        "/stripe/webhook/",
        data=payload,
        content_type="application/json",
        headers={"Stripe-Signature": sign_payload(payload, WEBHOOK_SECRET)},
    )

    assert response.status_code == 400
    assert not PaymentEvent.objects.exists()


def test_webhook_is_post_only(client, stripe_api):
    assert client.get("/stripe/webhook/").status_code == 405


def test_without_stripe_keys_the_webhook_answers_503(client, no_payments):
    response = client.post("/stripe/webhook/", data="{}", content_type="application/json")

    assert response.status_code == 503


def test_unknown_event_types_get_200_and_are_ignored(client, stripe_api, checkout):
    response = deliver(
        client, stripe_api.event("customer.created", {"id": "cus_1", "object": "customer"})
    )

    assert response.status_code == 200
    assert response.json()["outcome"] == "ignored"
    assert Order.objects.get().status == Order.Status.PENDING


def test_an_event_for_another_shops_session_is_ignored(client, stripe_api, checkout):
    session = stripe_api.complete_session(checkout)
    session["metadata"] = {"order_reference": "SS-NOTOURS"}

    response = deliver(client, stripe_api.event("checkout.session.completed", session))

    assert response.json()["outcome"] == "ignored"
    assert Order.objects.get().status == Order.Status.PENDING


def test_a_payment_of_another_amount_needs_attention_and_releases_its_hold(
    client, stripe_api, checkout, caplog
):
    session = stripe_api.complete_session(checkout, amount_total=100)

    response = deliver(client, stripe_api.event("checkout.session.completed", session))

    assert response.status_code == 200
    order = Order.objects.get()
    assert order.status == Order.Status.NEEDS_ATTENTION
    assert order.history.last().note.startswith(
        f"Stripe reports 100 IDR for order {order.reference}, which costs 25000000 IDR"
    )
    assert order.provider_payment_id == session["payment_intent"]
    assert ProductVariant.objects.get().stock == 10  # the hold is released, nothing committed
    assert not CommissionEntry.objects.exists()
    assert not mail.outbox
    assert any(r.levelname == "ERROR" and order.reference in r.message for r in caplog.records)
    # Redelivered, or the success page: it stays with a person.
    assert (
        deliver(client, stripe_api.event("checkout.session.completed", session)).status_code == 200
    )
    assert Order.objects.get().status == Order.Status.NEEDS_ATTENTION


def test_staff_find_orders_that_need_attention_in_the_orders_admin(
    admin_client, client, stripe_api, checkout
):
    session = stripe_api.complete_session(checkout, amount_total=100)
    deliver(client, stripe_api.event("checkout.session.completed", session))

    listing = admin_client.get("/admin/orders/", {"status": "needs_attention"})

    assert Order.objects.get().reference in listing.content.decode()
    assert "Needs attention" in listing.content.decode()


def test_expired_checkout_releases_the_stock(client, stripe_api, checkout):
    response = deliver(
        client, stripe_api.event("checkout.session.expired", stripe_api.expire_session(checkout))
    )

    assert response.status_code == 200
    order = Order.objects.get()
    assert order.status == Order.Status.EXPIRED
    assert order.reservations.get().status == StockReservation.Status.RELEASED
    assert ProductVariant.objects.get().stock == 10
    # A late duplicate of the expiry changes nothing more.
    deliver(client, stripe_api.event("checkout.session.expired", stripe_api.session(checkout)))
    assert ProductVariant.objects.get().stock == 10


def test_delayed_payment_holds_stock_until_it_succeeds(client, stripe_api, checkout):
    deliver(client, completed_event(stripe_api, checkout, payment_status="unpaid"))
    order = Order.objects.get()
    assert order.status == Order.Status.PROCESSING
    assert order.reservations.get().expires_at is None
    assert not mail.outbox

    paid = stripe_api.pay_delayed_payment(checkout)
    deliver(client, stripe_api.event("checkout.session.async_payment_succeeded", paid))

    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert ProductVariant.objects.get().stock == 8
    assert len(mail.outbox) == 1


def test_failed_delayed_payment_puts_the_stock_back(client, stripe_api, checkout):
    deliver(client, completed_event(stripe_api, checkout, payment_status="unpaid"))

    deliver(
        client,
        stripe_api.event("checkout.session.async_payment_failed", stripe_api.session(checkout)),
    )

    assert Order.objects.get().status == Order.Status.FAILED
    assert ProductVariant.objects.get().stock == 10
    assert not mail.outbox


def test_refund_in_stripes_dashboard_reaches_the_order_and_the_commission(
    client, stripe_api, checkout
):
    deliver(client, completed_event(stripe_api, checkout))
    intent = Order.objects.get().provider_payment_id

    stripe_api.refund_in_dashboard(intent, 5000000)  # Rp 50.000
    deliver(client, stripe_api.event("charge.refunded", stripe_api.charge(intent)))

    order = Order.objects.get()
    assert order.status == Order.Status.PARTIALLY_REFUNDED
    assert order.refunded_amount == 50000
    assert earned() == 20000  # 10% of the Rp 200.000 kept

    stripe_api.refund_in_dashboard(intent, 20000000)
    deliver(client, stripe_api.event("charge.refunded", stripe_api.charge(intent)))

    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED
    assert (earned(), kinds()) == (0, ["accrual", "reversal", "reversal"])


def test_refund_of_a_charge_the_shop_does_not_know_is_ignored(client, stripe_api, checkout):
    deliver(client, completed_event(stripe_api, checkout))
    before = Order.objects.values().get()
    history = Order.objects.get().history.count()
    charge = {
        "id": "ch_x",
        "object": "charge",
        "payment_intent": "pi_x",
        "amount": 25000000,
        "amount_refunded": 25000000,
        "currency": "idr",
    }

    response = deliver(client, stripe_api.event("charge.refunded", charge))

    assert response.status_code == 200
    assert Order.objects.values().get() == before  # not refunded, not touched at all
    assert Order.objects.get().history.count() == history
    assert earned() == 25000
    assert not Refund.objects.exists()


def test_a_mail_outage_during_fulfilment_keeps_the_payment_and_reconcile_sends_it_later(
    client, stripe_api, checkout, mail_outage, settings
):
    event = completed_event(stripe_api, checkout)

    response = deliver(client, event)

    assert response.status_code == 200
    assert response.json()["outcome"] == "processed"
    order = Order.objects.get()
    assert order.status == Order.Status.PAID
    assert order.confirmation_sent_at is None
    assert order.reservations.get().status == StockReservation.Status.COMMITTED
    assert ProductVariant.objects.get().stock == 8
    assert CommissionEntry.objects.count() == 1
    assert PaymentEvent.objects.get().processed_at is not None
    assert not mail.outbox

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert deliver(client, event).json()["outcome"] == "duplicate"
    assert f"{order.reference}: confirmation e-mail sent" in reconcile()
    reconcile()
    assert len(mail.outbox) == 1


def test_a_mail_outage_does_not_break_the_success_page(client, stripe_api, checkout, mail_outage):
    stripe_api.complete_session(checkout)

    with committed():
        page = client.get(success_url(checkout))

    assert page.status_code == 200
    assert "Thank you!" in page.content.decode()
    assert Order.objects.get().status == Order.Status.PAID


def test_a_confirmation_is_sent_by_whoever_claims_it_first_and_never_again(
    client, stripe_api, checkout
):
    from commerce.shop.services.notifications import send_order_confirmation

    deliver(client, completed_event(stripe_api, checkout))
    order = Order.objects.get()

    assert send_order_confirmation(order.pk) is False
    assert len(mail.outbox) == 1
    assert order.confirmation_sent_at is not None
