"""One client cannot hold the shop's stock: units per checkout, open checkouts per address range
and each variant's share are bounded, whatever cookies the client rotates (issue 10, finding 1)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from commerce.catalogue.models import ProductVariant
from commerce.shop.models import HoldLock, Order, StockReservation
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
ATTACKER = "203.0.113.9"
JSON = {"Accept": "application/json"}


def fresh_client(address: str = ATTACKER) -> Client:
    """A new browser (no cookie) from `address`."""
    return Client(REMOTE_ADDR=address)


def buy_now(variant: ProductVariant, quantity: int = 1, address: str = ATTACKER, **headers):
    return fresh_client(address).post(
        "/checkout/", {"variant": variant.pk, "quantity": quantity}, headers=headers
    )


def held_units(variant: ProductVariant) -> int:
    held = StockReservation.objects.filter(variant=variant, status=StockReservation.Status.HELD)
    return sum(held.values_list("quantity", flat=True))


def test_one_address_with_fresh_cookies_cannot_hold_the_shop(stripe_api):
    """The finding: five checkouts with fresh cookies held every unit for 30 minutes."""
    variants = [ProductFactory(stock=stock).variants.get() for stock in (10, 8, 4)]

    answers = [buy_now(variant, 1) for variant in variants for _ in range(variant.stock)]

    statuses = [answer.status_code for answer in answers]
    assert statuses[:3] == [303] * 3
    assert statuses[3] == 409
    assert "one connection can hold at most 3 while paying" in answers[3].content.decode()
    assert set(statuses) == {303, 409, 429}
    # A quarter of each variant at most (rounded up), in at most five open checkouts.
    assert [held_units(variant) for variant in variants] == [3, 2, 0]
    assert Order.objects.filter(status=Order.Status.PENDING).count() == 5
    # Another reader, elsewhere, still buys every variant.
    for variant in variants:
        assert buy_now(variant, 1, address="198.51.100.20").status_code == 303
        variant.refresh_from_db()
    assert [variant.stock for variant in variants] == [6, 5, 3]


def test_a_refused_checkout_changes_nothing(stripe_api):
    variant = ProductFactory(stock=10).variants.get()
    assert buy_now(variant, 3).status_code == 303
    orders, sessions = Order.objects.count(), len(stripe_api.sessions())

    refused = buy_now(variant, 1, **JSON)

    assert refused.status_code == 409
    assert "3 are in other checkouts from it already" in refused.json()["error"]
    assert (Order.objects.count(), len(stripe_api.sessions())) == (orders, sessions)
    variant.refresh_from_db()
    assert variant.stock == 7
    assert not HoldLock.objects.exists()


def test_a_shop_with_three_units_still_sells_one_at_a_time(stripe_api):
    variant = ProductFactory(stock=3).variants.get()

    assert buy_now(variant, 2).status_code == 409
    assert buy_now(variant, 1).status_code == 303
    assert buy_now(variant, 1, address="198.51.100.20").status_code == 303


def test_the_share_is_a_setting(stripe_api, settings):
    settings.STORYSHOP_MAX_HOLD_SHARE = "0.5"
    variant = ProductFactory(stock=10).variants.get()

    assert buy_now(variant, 5).status_code == 303
    assert buy_now(variant, 1).status_code == 409


def test_a_reader_checking_out_again_is_not_counted_against_their_own_hold(client, stripe_api):
    variant = ProductFactory(stock=10).variants.get()
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 3})
    assert client.post("/checkout/").status_code == 303
    client.post("/cart/update/", {"variant": variant.pk, "quantity": 2})

    assert client.post("/checkout/").status_code == 303

    first, second = Order.objects.order_by("pk")
    assert (first.status, second.status) == (Order.Status.CANCELLED, Order.Status.PENDING)
    assert held_units(variant) == 2


def test_one_checkout_holds_a_bounded_number_of_units(client, stripe_api, settings):
    settings.STORYSHOP_MAX_CHECKOUT_UNITS = "5"
    first, second = (ProductFactory(stock=40).variants.get() for _ in range(2))
    client.post("/cart/add/", {"variant": first.pk, "quantity": 3})
    client.post("/cart/add/", {"variant": second.pk, "quantity": 3})

    refused = client.post("/checkout/")

    assert refused.status_code == 409
    assert "One checkout can hold at most 5 items" in refused.content.decode()
    assert not Order.objects.exists()
    assert not stripe_api.requests


def test_open_checkouts_per_address_are_bounded_with_a_clear_429(stripe_api, settings):
    settings.STORYSHOP_MAX_OPEN_CHECKOUTS = "2"
    variants = [ProductFactory(stock=10).variants.get() for _ in range(3)]
    assert [buy_now(variant).status_code for variant in variants[:2]] == [303, 303]

    refused = buy_now(variants[2])

    assert refused.status_code == 429
    assert "Several checkouts are already open from your connection" in refused.content.decode()
    assert 0 < int(refused["Retry-After"]) <= 600
    assert Order.objects.count() == 2
    assert len(stripe_api.sessions()) == 2
    variants[2].refresh_from_db()
    assert variants[2].stock == 10
    assert buy_now(variants[2], address="198.51.100.20").status_code == 303


def test_a_new_checkout_closes_the_oldest_abandoned_one_of_its_address(stripe_api, settings):
    settings.STORYSHOP_MAX_OPEN_CHECKOUTS = "2"
    variants = [ProductFactory(stock=10).variants.get() for _ in range(3)]
    for variant in variants[:2]:
        buy_now(variant, 2)
    oldest = Order.objects.order_by("pk").first()
    Order.objects.filter(pk=oldest.pk).update(created_at=timezone.now() - timedelta(minutes=11))

    assert buy_now(variants[2]).status_code == 303

    oldest.refresh_from_db()
    assert oldest.status == Order.Status.CANCELLED
    assert "A newer checkout from the same connection replaced it" in oldest.history.last().note
    assert stripe_api.session(oldest.provider_checkout_id)["status"] == "expired"
    variants[0].refresh_from_db()
    assert variants[0].stock == 10
    assert Order.objects.filter(status=Order.Status.PENDING).count() == 2


def test_an_ipv6_client_is_its_64_whatever_address_it_takes(stripe_api, settings):
    settings.STORYSHOP_MAX_OPEN_CHECKOUTS = "1"
    first, second = (ProductFactory(stock=10).variants.get() for _ in range(2))
    assert buy_now(first, address="2001:db8:1:2::1").status_code == 303

    assert buy_now(second, address="2001:db8:1:2:aaaa::7").status_code == 429
    assert buy_now(second, address="2001:db8:1:3::1").status_code == 303


def test_ipv4_clients_are_single_addresses_so_a_neighbour_still_buys(stripe_api, settings):
    settings.STORYSHOP_MAX_OPEN_CHECKOUTS = "1"
    first, second = (ProductFactory(stock=10).variants.get() for _ in range(2))
    assert buy_now(first, address="198.51.100.7").status_code == 303

    assert buy_now(second, address="198.51.100.8").status_code == 303


def test_orders_keep_a_keyed_hash_of_the_address_only_while_pending(client, stripe_api):
    variant = ProductFactory(stock=10).variants.get()
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 1})
    client.post("/checkout/")
    order = Order.objects.get()

    assert len(order.client_token) == 64
    assert "127.0.0.1" not in order.client_token
    assert order.client_token != Order.objects.get().reader_token
    client.get(stripe_api.sessions()[0]["cancel_url"])
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert order.client_token == ""
