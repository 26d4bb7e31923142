"""The per-client bounds on held stock hold when one client's checkouts race each other, on
PostgreSQL's real row locks (issue 10, finding 1)."""

import pytest
from django.test import Client

from commerce.shop.models import HoldLock, Order, StockReservation
from tests.commerce.test_concurrency import race
from tests.factories import ProductFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_tree"),
]
ATTACKER = "203.0.113.9"


def buy_now(variant_id: int, address: str = ATTACKER) -> int:
    """One unit, bought at once by a new browser (no cookie) from `address`."""
    response = Client(REMOTE_ADDR=address).post(
        "/checkout/", {"variant": variant_id, "quantity": 1}
    )
    return response.status_code


def test_fresh_cookies_racing_from_one_address_hold_only_its_share(stripe_api):
    variant = ProductFactory(stock=12).variants.get()

    statuses = race(12, lambda _: buy_now(variant.pk))

    assert sorted(statuses) == [303] * 3 + [409] * 9, statuses  # a quarter of 12
    held = StockReservation.objects.filter(status=StockReservation.Status.HELD)
    assert sum(held.values_list("quantity", flat=True)) == 3
    variant.refresh_from_db()
    assert variant.stock == 9
    assert not HoldLock.objects.exists()


def test_fresh_cookies_racing_from_one_address_open_only_its_checkouts(stripe_api, settings):
    settings.STORYSHOP_MAX_OPEN_CHECKOUTS = "3"
    variant_ids = [ProductFactory(stock=10).variants.get().pk for _ in range(8)]

    statuses = race(8, lambda index: buy_now(variant_ids[index]))

    assert sorted(statuses) == [303] * 3 + [429] * 5, statuses
    assert Order.objects.filter(status=Order.Status.PENDING).count() == 3
    assert len(stripe_api.sessions()) == 3


def test_two_addresses_racing_each_hold_their_own_share(stripe_api):
    variant = ProductFactory(stock=8).variants.get()
    addresses = ["203.0.113.9", "198.51.100.20"]

    statuses = race(10, lambda index: buy_now(variant.pk, addresses[index % 2]))

    assert statuses.count(303) == 2 + 2  # a quarter of 8 each; then of what is left
    per_client = Order.objects.filter(status=Order.Status.PENDING).values_list(
        "client_token", flat=True
    )
    assert len(set(per_client)) == 2
    variant.refresh_from_db()
    assert variant.stock == 4
