"""Readers pay through Xendit (QRIS, e-wallets, virtual accounts): checkout → invoice → callback
→ paid order, exactly once, with the callback's token checked and the invoice re-read."""

import json
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from commerce.catalogue.models import ProductVariant
from commerce.shop.models import CommissionEntry, Order, PaymentEvent
from storyshop.creators.models import CreatorProfile
from tests.commerce.conftest import committed, reconcile
from tests.commerce.xendit_fixtures import callback_headers

pytestmark = pytest.mark.django_db


def check_out(client, story, block_id, coffee, provider: str | None = None) -> Order:
    story.creator = CreatorProfile.objects.create(name="Dewi", slug="dewi", commission_rate="0.100")
    story.save_revision().publish()
    client.post(
        "/cart/add/",
        {"variant": coffee.variants.get().pk, "quantity": 2, "page": story.pk, "block": block_id},
    )
    data = {"email": "sari@example.com"} | ({"provider": provider} if provider else {})
    response = client.post("/checkout/", data)
    assert response.status_code == 303, response.content.decode()[:500]
    order = Order.objects.get()
    assert response["Location"] == order_invoice(order)["invoice_url"]
    return order


def order_invoice(order: Order) -> dict:
    from tests.commerce.xendit_fixtures import XENDIT_SECRET_KEY  # noqa: F401

    return next(
        invoice for invoice in _stand_in().invoices() if invoice["external_id"] == order.reference
    )


_server = {}


@pytest.fixture(autouse=True)
def _remember(xendit_api):
    _server["api"] = xendit_api


def _stand_in():
    return _server["api"]


def callback(client, order: Order, token: str | None = None, body: bytes | None = None):
    api = _stand_in()
    headers = callback_headers(token) if token is not None else callback_headers()
    with committed():
        return client.post(
            "/payments/xendit/callback/",
            body if body is not None else api.callback_body(order.provider_checkout_id),
            content_type="application/json",
            headers=headers,
        )


def test_a_reader_pays_by_qris_and_the_callback_fulfils_the_order_once(
    client, xendit_api, story, block_id, coffee
):
    order = check_out(client, story, block_id, coffee)
    invoice = order_invoice(order)
    assert invoice["amount"] == 250000  # whole rupiah
    assert invoice["currency"] == "IDR"

    xendit_api.pay_invoice(order.provider_checkout_id, "QRIS", "QRIS")
    first = callback(client, order)
    again = callback(client, order)

    order.refresh_from_db()
    assert (first.status_code, first.json()["outcome"]) == (200, "processed")
    assert again.json()["outcome"] == "duplicate"
    assert (order.status, order.payment_provider, order.payment_method) == (
        "paid",
        "xendit",
        "QRIS",
    )
    assert ProductVariant.objects.get().stock == 8
    assert CommissionEntry.objects.get(order=order).creator.slug == "dewi"
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("token", ["", "not-the-token"])
def test_a_callback_without_the_right_token_is_refused_and_changes_nothing(
    client, xendit_api, story, block_id, coffee, token
):
    order = check_out(client, story, block_id, coffee)
    xendit_api.pay_invoice(order.provider_checkout_id)

    response = callback(client, order, token=token)

    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert not PaymentEvent.objects.exists()


def test_a_callback_that_claims_paid_is_not_believed_until_xendit_says_so(
    client, xendit_api, story, block_id, coffee
):
    order = check_out(client, story, block_id, coffee)
    claim = json.loads(xendit_api.callback_body(order.provider_checkout_id))
    claim.update(status="PAID", paid_amount=claim["amount"])

    response = callback(client, order, body=json.dumps(claim).encode())

    order.refresh_from_db()
    assert response.status_code == 200
    assert order.status == Order.Status.PENDING  # Xendit's API says it is still pending


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"id": 5}', b"{" * 200, b'{"id": "x"}' + b" " * 70000],
)
def test_garbage_callbacks_are_refused(client, xendit_api, story, block_id, coffee, body):
    order = check_out(client, story, block_id, coffee)

    response = callback(client, order, body=body)

    assert response.status_code == 400
    assert Order.objects.get().status == Order.Status.PENDING
    assert not PaymentEvent.objects.exists()


def test_a_callback_for_an_invoice_xendit_does_not_know_is_refused(
    client, xendit_api, story, block_id, coffee
):
    order = check_out(client, story, block_id, coffee)
    claim = json.loads(xendit_api.callback_body(order.provider_checkout_id))
    claim["id"] = "0" * 24

    response = callback(client, order, body=json.dumps(claim).encode())

    assert response.status_code == 400
    assert Order.objects.get().status == Order.Status.PENDING


def test_another_amount_paid_needs_attention(client, xendit_api, story, block_id, coffee):
    order = check_out(client, story, block_id, coffee)
    xendit_api.pay_invoice(order.provider_checkout_id, paid_amount=1000)

    callback(client, order)

    order.refresh_from_db()
    assert order.status == Order.Status.NEEDS_ATTENTION
    assert ProductVariant.objects.get().stock == 10
    assert not CommissionEntry.objects.exists()


def test_an_expired_invoice_releases_the_stock(client, xendit_api, story, block_id, coffee):
    order = check_out(client, story, block_id, coffee)
    xendit_api.expire(order.provider_checkout_id)

    callback(client, order)

    order.refresh_from_db()
    assert order.status == Order.Status.EXPIRED
    assert ProductVariant.objects.get().stock == 10


def test_reconcile_heals_a_callback_that_never_came(client, xendit_api, story, block_id, coffee):
    order = check_out(client, story, block_id, coffee)
    xendit_api.pay_invoice(order.provider_checkout_id, "EWALLET", "OVO")

    output = reconcile()

    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert order.payment_method == "OVO"
    assert order.reference in output


def test_staff_refund_a_xendit_order_through_xendit(
    client, admin_client, xendit_api, story, block_id, coffee
):
    order = check_out(client, story, block_id, coffee)
    xendit_api.pay_invoice(order.provider_checkout_id, "EWALLET", "DANA")
    callback(client, order)
    page = admin_client.get(f"/admin/orders/inspect/{order.pk}/").content.decode()
    key = page.split('name="request_key" value="')[1].split('"')[0]
    data = {"request_key": key, f"line-{order.lines.get().pk}": 1}

    admin_client.post(f"/admin/orders/refund/{order.pk}/", data)
    admin_client.post(f"/admin/orders/refund/{order.pk}/", data)  # a double submission

    order.refresh_from_db()
    assert order.status == Order.Status.PARTIALLY_REFUNDED
    assert [refund["amount"] for refund in xendit_api.refunds()] == [125000]


def test_with_stripe_and_xendit_on_the_reader_chooses(
    client, stripe_api, xendit_api, story, block_id, coffee
):
    client.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 1})
    cart = client.get("/cart/").content.decode()
    assert "How would you like to pay?" in cart
    assert "QRIS" in cart
    assert "Card" in cart

    response = client.post("/checkout/", {"provider": "stripe"})

    assert response.status_code == 303
    assert response["Location"].startswith(stripe_api.url)
    assert Order.objects.get().payment_provider == "stripe"


def test_buy_now_with_two_providers_on_asks_how_to_pay_in_the_cart(
    client, stripe_api, xendit_api, story, block_id, coffee
):
    variant = coffee.variants.get()

    response = client.post(
        "/checkout/", {"variant": variant.pk, "quantity": 2, "page": story.pk, "block": block_id}
    )

    assert response.status_code == 303
    assert response["Location"] == "/cart/#checkout"
    assert not Order.objects.exists()
    cart = client.get("/cart/").content.decode()
    assert "choose how you would like to pay" in cart
    assert "How would you like to pay?" in cart
    client.post("/checkout/", {"provider": "xendit"})
    order = Order.objects.get()
    assert order.payment_provider == "xendit"
    assert [
        (line.variant_id, line.quantity, line.source_page_id) for line in order.lines.all()
    ] == [(variant.pk, 2, story.pk)]


def test_a_provider_that_is_off_cannot_be_chosen(client, xendit_api, story, block_id, coffee):
    client.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 1})

    response = client.post("/checkout/", {"provider": "stripe"})

    assert response.status_code == 503
    assert not Order.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_paid_callback_ten_times_at_once_fulfils_once(
    wagtail_tree, xendit_api, stories, coffee
):
    from tests.factories import article, product_cards

    story = article(stories, title="Gayo", body=product_cards([coffee]))
    reader = Client()
    order = check_out(reader, story, story.body[0].id, coffee)
    xendit_api.pay_invoice(order.provider_checkout_id)
    body = xendit_api.callback_body(order.provider_checkout_id)
    answers: list[int] = []

    def deliver() -> None:
        response = Client().post(
            "/payments/xendit/callback/",
            body,
            content_type="application/json",
            headers=callback_headers(),
        )
        answers.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers == [200] * 10
    order.refresh_from_db()
    assert order.history.filter(status=Order.Status.PAID).count() == 1
    assert CommissionEntry.objects.filter(order=order).count() == 1
    assert len(mail.outbox) == 1


def test_a_late_expired_callback_after_the_payment_changes_nothing(
    client, xendit_api, story, block_id, coffee
):
    order = check_out(client, story, block_id, coffee)
    stale = xendit_api.callback_body(order.provider_checkout_id)  # taken while still pending
    xendit_api.pay_invoice(order.provider_checkout_id)
    callback(client, order)

    late = callback(client, order, body=stale.replace(b'"PENDING"', b'"EXPIRED"'))

    order.refresh_from_db()
    assert late.status_code == 200
    assert order.status == Order.Status.PAID


def test_a_bad_receipt_address_is_refused_before_anything_is_held(client, xendit_api, coffee):
    client.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 1})

    response = client.post("/checkout/", {"email": "not an address"})

    assert response.status_code == 400
    assert "valid e-mail" in response.content.decode()
    assert not Order.objects.exists()
    assert ProductVariant.objects.get().stock == 10
