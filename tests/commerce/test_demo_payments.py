"""The demo payment provider: a whole purchase without any keys, through the same verified
notification path as a real provider, and never where the demo is not allowed."""

import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from commerce.catalogue.models import ProductVariant
from commerce.shop.models import CommissionEntry, DemoCheckout, Order, PaymentEvent
from commerce.shop.payments.demo_provider import SIGNATURE_HEADER, notification_body, sign
from storyshop.creators.models import CreatorProfile
from tests.commerce.conftest import committed

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, no_payments):
    """No provider's keys; the demo provider on, as `make run` has it."""
    settings.STORYSHOP_DEMO_PAYMENTS = "auto"


def start(client, story, block_id, coffee, quantity: int = 2):
    story.creator = CreatorProfile.objects.create(name="Dewi", slug="dewi", commission_rate="0.100")
    story.save_revision().publish()
    client.post(
        "/cart/add/",
        {
            "variant": coffee.variants.get().pk,
            "quantity": quantity,
            "page": story.pk,
            "block": block_id,
        },
    )
    response = client.post("/checkout/")
    assert response.status_code == 303, response.content.decode()[:500]
    return response["Location"]


def test_a_reader_buys_from_a_story_through_the_demo_page(demo, client, story, block_id, coffee):
    page_url = start(client, story, block_id, coffee)
    page = client.get(page_url)

    assert page.status_code == 200
    assert "Demo payment page" in page.content.decode()
    assert "No real money" in page.content.decode()
    with committed():
        paid = client.post(page_url, {"outcome": "pay", "method": "QRIS"})

    order = Order.objects.get()
    assert paid.status_code == 303
    assert paid["Location"].endswith(f"/checkout/success/?order={order.reference}")
    assert (order.status, order.payment_provider, order.payment_method) == ("paid", "demo", "QRIS")
    assert ProductVariant.objects.get().stock == 8
    assert CommissionEntry.objects.get(order=order).creator.slug == "dewi"
    assert len(mail.outbox) == 1
    success = client.get(paid["Location"]).content.decode()
    assert f"Your order <strong>{order.reference}</strong> is paid" in success
    assert "cart" not in client.session  # the purchase emptied the cart


def test_a_failed_demo_payment_puts_the_stock_back(demo, client, story, block_id, coffee):
    page_url = start(client, story, block_id, coffee)

    client.post(page_url, {"outcome": "fail", "method": "OVO"})

    order = Order.objects.get()
    assert order.status == Order.Status.FAILED
    assert ProductVariant.objects.get().stock == 10
    assert not CommissionEntry.objects.exists()


@pytest.mark.parametrize(
    "data",
    [{"outcome": "pay", "method": "Bitcoin"}, {"outcome": "steal", "method": "QRIS"}, {}],
)
def test_a_bad_choice_on_the_demo_page_changes_nothing(demo, client, story, block_id, coffee, data):
    page_url = start(client, story, block_id, coffee)

    response = client.post(page_url, data)

    assert response.status_code == 400
    assert Order.objects.get().status == Order.Status.PENDING
    assert DemoCheckout.objects.get().state == DemoCheckout.State.OPEN


def test_a_demo_checkout_is_paid_once_however_often_the_page_is_posted(
    demo, client, story, block_id, coffee
):
    page_url = start(client, story, block_id, coffee)
    client.post(page_url, {"outcome": "pay", "method": "QRIS"})

    again = client.post(page_url, {"outcome": "pay", "method": "QRIS"})

    assert again.status_code == 400
    assert "no longer open" in again.content.decode()
    assert Order.objects.get().history.filter(status=Order.Status.PAID).count() == 1


def test_a_forged_demo_notification_is_refused_and_changes_nothing(
    demo, client, story, block_id, coffee
):
    start(client, story, block_id, coffee)
    checkout = DemoCheckout.objects.get()
    DemoCheckout.objects.filter(pk=checkout.pk).update(state=DemoCheckout.State.PAID)
    body = notification_body(checkout.checkout_id, "demo.checkout.paid")

    forged = client.post(
        "/payments/demo/notifications/",
        body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: "0" * 64},
    )

    assert forged.status_code == 400
    assert Order.objects.get().status == Order.Status.PENDING
    assert not PaymentEvent.objects.exists()


def test_a_signed_demo_notification_delivered_twice_acts_once(
    demo, client, story, block_id, coffee
):
    start(client, story, block_id, coffee)
    checkout = DemoCheckout.objects.get()
    DemoCheckout.objects.filter(pk=checkout.pk).update(state=DemoCheckout.State.PAID)
    body = notification_body(checkout.checkout_id, "demo.checkout.paid")

    answers = [
        client.post(
            "/payments/demo/notifications/",
            body,
            content_type="application/json",
            headers={SIGNATURE_HEADER: sign(body)},
        ).json()["outcome"]
        for _ in range(2)
    ]

    assert answers == ["processed", "duplicate"]
    assert Order.objects.get().status == Order.Status.PAID
    assert json.loads(body)["id"] == PaymentEvent.objects.get(provider="demo").event_id


def test_staff_refund_a_demo_order(demo, client, admin_client, story, block_id, coffee):
    page_url = start(client, story, block_id, coffee)
    client.post(page_url, {"outcome": "pay", "method": "QRIS"})
    order = Order.objects.get()
    page = admin_client.get(f"/admin/orders/inspect/{order.pk}/").content.decode()
    key = page.split('name="request_key" value="')[1].split('"')[0]

    admin_client.post(
        f"/admin/orders/refund/{order.pk}/", {"request_key": key, f"line-{order.lines.get().pk}": 1}
    )

    order.refresh_from_db()
    assert order.status == Order.Status.PARTIALLY_REFUNDED
    assert order.refunds.get().status == "succeeded"


def test_with_real_keys_auto_keeps_the_demo_off(demo, settings, client, story, block_id, coffee):
    settings.STRIPE_SECRET_KEY = "sk_test_1"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_1"

    assert client.get("/payments/demo/demo_SS-ANYTHING/").status_code == 404
    assert "Demo payment" not in client.get("/cart/").content.decode()


def test_where_the_demo_is_not_allowed_its_page_is_gone_and_the_checks_say_why(settings, client):
    settings.STORYSHOP_DEMO_ALLOWED = False
    settings.STORYSHOP_DEMO_PAYMENTS = "true"

    assert client.get("/payments/demo/demo_SS-ANYTHING/").status_code == 404
    assert (
        client.post(
            "/payments/demo/notifications/", "{}", content_type="application/json"
        ).status_code
        == 404
    )
    with pytest.raises(SystemCheckError, match="STORYSHOP_DEMO_PAYMENTS is on"):
        call_command("check")


def test_an_unknown_demo_checkout_is_not_found(demo, client):
    assert client.get("/payments/demo/demo_SS-NOSUCHORDER/").status_code == 404


def test_a_late_notification_of_an_older_state_changes_nothing(
    demo, client, story, block_id, coffee
):
    page_url = start(client, story, block_id, coffee)
    client.post(page_url, {"outcome": "pay", "method": "QRIS"})
    checkout = DemoCheckout.objects.get()
    stale = notification_body(checkout.checkout_id, "demo.checkout.failed")

    response = client.post(
        "/payments/demo/notifications/",
        stale,
        content_type="application/json",
        headers={SIGNATURE_HEADER: sign(stale)},
    )

    assert response.status_code == 200
    assert Order.objects.get().status == Order.Status.PAID  # the checkout is what counts


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_paid_notification_ten_times_at_once_fulfils_once(
    wagtail_tree, settings, no_payments, stories, coffee
):
    import threading

    from django.db import connection
    from django.test import Client

    from tests.factories import article, product_cards

    settings.STORYSHOP_DEMO_PAYMENTS = "true"
    story = article(stories, title="Gayo", body=product_cards([coffee]))
    reader = Client()
    reader.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 1})
    reader.post("/checkout/", {"email": "sari@example.com"})
    checkout = DemoCheckout.objects.get()
    DemoCheckout.objects.filter(pk=checkout.pk).update(state=DemoCheckout.State.PAID)
    body = notification_body(checkout.checkout_id, "demo.checkout.paid")
    answers: list[int] = []

    def deliver() -> None:
        response = Client().post(
            "/payments/demo/notifications/",
            body,
            content_type="application/json",
            headers={SIGNATURE_HEADER: sign(body)},
        )
        answers.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    order = Order.objects.get()
    assert answers == [200] * 10
    assert order.history.filter(status=Order.Status.PAID).count() == 1
    assert len(mail.outbox) == 1
    assert story.pk  # the story stays published throughout
