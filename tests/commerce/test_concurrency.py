"""Correct under concurrency, on PostgreSQL's real row locks: buyers racing for the last units,
and the same webhook delivered many times at once."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connections
from django.test import Client

from commerce.catalogue.models import ProductVariant
from commerce.shop.models import CommissionEntry, Order, PaymentEvent, StockReservation
from storyshop.creators.models import CreatorProfile
from tests.commerce.conftest import deliver, success_url
from tests.factories import ProductFactory, article, product_cards

# Transactional: the threads need committed data; wagtail_tree puts back what a flush removed.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_tree"),
]


def race(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(i)` in `count` threads released together; return their results in order."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # reported through the results
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_twenty_buyers_race_for_the_last_five_units(stripe_api):
    variant = ProductFactory(stock=5).variants.get()

    def buy(index: int) -> int:
        buyer = Client(REMOTE_ADDR=f"10.0.0.{index}")  # 20 readers, 20 connections
        return buyer.post("/checkout/", {"variant": variant.pk, "quantity": 1}).status_code

    statuses = race(20, buy)

    assert statuses.count(303) == 5
    assert all(status in (303, 400, 409) for status in statuses), statuses
    variant.refresh_from_db()
    assert variant.stock == 0
    holding = Order.objects.filter(status=Order.Status.PENDING)
    assert holding.count() == 5
    reserved = StockReservation.objects.filter(status=StockReservation.Status.HELD)
    assert sum(reserved.values_list("quantity", flat=True)) == 5
    assert len(stripe_api.sessions()) == 5


def test_buyers_of_several_units_never_take_stock_below_zero(stripe_api):
    variant = ProductFactory(stock=7).variants.get()

    def buy(index: int) -> int:
        quantity = 1 + index % 3
        buyer = Client(REMOTE_ADDR=f"10.0.0.{index}")
        return buyer.post("/checkout/", {"variant": variant.pk, "quantity": quantity}).status_code

    race(12, buy)

    variant.refresh_from_db()
    held = StockReservation.objects.filter(status=StockReservation.Status.HELD)
    assert variant.stock >= 0
    assert variant.stock + sum(held.values_list("quantity", flat=True)) == 7


def test_the_same_completed_event_delivered_ten_times_at_once_fulfils_once(stripe_api, stories):
    creator = CreatorProfile.objects.create(name="Dewi", slug="dewi", commission_rate="0.100")
    product = ProductFactory(stock=10)
    story = article(stories, body=product_cards([product]), creator=creator)
    buyer = Client()
    buyer.post(
        "/cart/add/",
        {
            "variant": product.variants.get().pk,
            "quantity": 2,
            "page": story.pk,
            "block": story.body[0].id,
        },
    )
    assert buyer.post("/checkout/").status_code == 303
    order = Order.objects.get()
    event = stripe_api.event(
        "checkout.session.completed", stripe_api.complete_session(order.provider_checkout_id)
    )

    statuses = race(10, lambda _: deliver(Client(), event).status_code)

    assert statuses == [200] * 10
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert order.history.filter(status=Order.Status.PAID).count() == 1
    assert len(mail.outbox) == 1
    assert CommissionEntry.objects.count() == 1
    assert PaymentEvent.objects.count() == 1
    assert ProductVariant.objects.get().stock == 8
    assert order.reservations.get().status == StockReservation.Status.COMMITTED


def test_success_page_and_webhooks_racing_fulfil_once(stripe_api):
    product = ProductFactory(stock=3)
    buyer = Client()
    buyer.post("/checkout/", {"variant": product.variants.get().pk, "quantity": 1})
    order = Order.objects.get()
    session = stripe_api.complete_session(order.provider_checkout_id)
    event = stripe_api.event("checkout.session.completed", session)

    def arrive(index: int) -> int:
        if index % 2:
            return Client().get(success_url(session["id"])).status_code
        return deliver(Client(), event).status_code

    assert race(8, arrive) == [200] * 8
    assert len(mail.outbox) == 1
    assert Order.objects.get().history.filter(status=Order.Status.PAID).count() == 1


def test_ten_senders_racing_for_one_confirmation_send_one_email(stripe_api, settings):
    from commerce.shop.services.notifications import send_order_confirmation

    product = ProductFactory(stock=3)
    Client().post("/checkout/", {"variant": product.variants.get().pk, "quantity": 1})
    order = Order.objects.get()
    event = stripe_api.event(
        "checkout.session.completed", stripe_api.complete_session(order.provider_checkout_id)
    )
    outage = {"default": {"BACKEND": "tests.commerce.mail_outage.OutageBackend"}}
    working = settings.MAILERS
    settings.MAILERS = outage
    assert deliver(Client(), event).status_code == 200  # paid; its e-mail failed
    settings.MAILERS = working

    sent = race(10, lambda _: send_order_confirmation(order.pk))

    assert sent.count(True) == 1
    assert len(mail.outbox) == 1


def test_one_readers_double_clicks_hold_the_stock_of_one_checkout(stripe_api):
    variant = ProductFactory(stock=10).variants.get()
    reader = Client()
    reader.post("/cart/add/", {"variant": variant.pk, "quantity": 2})  # the reader's session
    cookies = reader.cookies

    def click(_: int) -> tuple[int, str]:
        same_browser = Client()
        same_browser.cookies = cookies
        response = same_browser.post("/checkout/")
        return response.status_code, response.get("Location", "")

    answers = race(5, click)

    assert {status for status, _ in answers} == {303}, answers
    assert len({location for _, location in answers}) == 1  # all to the same Stripe page
    assert Order.objects.get().status == Order.Status.PENDING
    assert len(stripe_api.sessions()) == 1
    variant.refresh_from_db()
    assert variant.stock == 8  # held once, for the one open checkout
    held = StockReservation.objects.filter(status=StockReservation.Status.HELD)
    assert sum(held.values_list("quantity", flat=True)) == 2
