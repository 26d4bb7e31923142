"""Refunds as Stripe settles them: pending ones, ones that fail (even after succeeding), ones
made in the dashboard, and what each does to the order's refunded total and the commission."""

import re

import pytest

from commerce.shop.exceptions import RefundNotAllowed
from commerce.shop.models import Order, Refund
from commerce.shop.services.refunds import refund_order
from storyshop.creators.models import CreatorProfile
from tests.commerce.conftest import buy_from_story, deliver, reconcile
from tests.commerce.ledger import earned, kinds
from tests.factories import ProductFactory, article, product_cards

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_order(client, stripe_api, story, block_id, coffee) -> Order:
    """Two coffees (Rp 250.000) bought from a story by Dewi, who earns 10%."""
    story.creator = CreatorProfile.objects.create(name="Dewi", slug="dewi", commission_rate="0.1")
    story.save_revision().publish()
    return buy_from_story(client, stripe_api, coffee, story, block_id)


def refund_event(stripe_api, client, event_type: str, refund: dict) -> None:
    assert deliver(client, stripe_api.event(event_type, refund)).status_code == 200


def charge_refunded(stripe_api, client, order: Order) -> None:
    charge = stripe_api.charge(order.provider_payment_id)
    refund_event(stripe_api, client, "charge.refunded", charge)


def units(order: Order, count: int) -> dict[int, int]:
    """Refund `count` of the two coffees (the order's one line, Rp 125.000 each)."""
    return {order.lines.get().pk: count}


def stripe_refund(stripe_api) -> dict:
    (refund,) = stripe_api.refunds()
    return refund


@pytest.mark.parametrize("event_type", ["charge.refund.updated", "refund.updated"])
def test_a_pending_refund_counts_as_in_flight_until_its_webhook_says_it_succeeded(
    client, stripe_api, paid_order, event_type
):
    stripe_api.refunds_start_pending()
    refund = refund_order(paid_order, units(paid_order, 2), "all")
    assert refund.status == Refund.Status.PENDING
    paid_order.refresh_from_db()
    assert paid_order.refunded_amount == 0

    with pytest.raises(RefundNotAllowed, match="not refunded yet"):
        refund_order(paid_order, units(paid_order, 1), "more")

    settled = stripe_api.settle_refund(stripe_refund(stripe_api)["id"], "succeeded")
    refund_event(stripe_api, client, event_type, settled)

    refund.refresh_from_db()
    paid_order.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED
    assert (paid_order.status, paid_order.refunded_amount) == (Order.Status.REFUNDED, 250000)
    assert (earned(), kinds()) == (0, ["accrual", "reversal"])


@pytest.mark.parametrize("event_type", ["charge.refund.updated", "refund.failed"])
def test_a_refund_that_fails_after_it_succeeded_gives_back_the_total_and_commission(
    client, stripe_api, paid_order, event_type
):
    refund = refund_order(paid_order, units(paid_order, 1), "part")
    charge_refunded(stripe_api, client, paid_order)
    paid_order.refresh_from_db()
    assert (paid_order.status, paid_order.refunded_amount) == (
        Order.Status.PARTIALLY_REFUNDED,
        125000,
    )
    assert earned() == 12500

    failed = stripe_api.settle_refund(refund.provider_refund_id, "failed")
    refund_event(stripe_api, client, event_type, failed)

    refund.refresh_from_db()
    paid_order.refresh_from_db()
    assert refund.status == Refund.Status.FAILED
    assert (paid_order.status, paid_order.refunded_amount) == (Order.Status.PAID, 0)
    assert earned() == 25000
    assert "Refund of Rp\u00a0125.000: Failed" in paid_order.history.last().note
    # What was given back can be refunded again.
    assert refund_order(paid_order, units(paid_order, 2), "again").amount == 250000


def test_a_refund_whose_answer_was_lost_is_recognised_in_its_webhook_by_the_request_key(
    client, stripe_api, paid_order
):
    from commerce.shop.exceptions import PaymentProviderUnavailable

    stripe_api.fail_next(500, after_processing=True)
    with pytest.raises(PaymentProviderUnavailable):
        refund_order(paid_order, units(paid_order, 1), "lost")

    refund_event(stripe_api, client, "charge.refund.updated", stripe_refund(stripe_api))

    refund = Refund.objects.get()
    assert refund.status == Refund.Status.SUCCEEDED
    assert refund.provider_refund_id == stripe_refund(stripe_api)["id"]
    paid_order.refresh_from_db()
    assert paid_order.refunded_amount == 125000


def test_dashboard_and_shop_refunds_add_up_and_a_stale_total_is_not_counted_twice(
    client, stripe_api, paid_order
):
    stripe_api.refund_in_dashboard(paid_order.provider_payment_id, 3000000)  # Rp 30.000
    charge_refunded(stripe_api, client, paid_order)
    refund_order(paid_order, units(paid_order, 1), "shop")
    charge_refunded(stripe_api, client, paid_order)  # Stripe now reports Rp 155.000

    paid_order.refresh_from_db()
    assert paid_order.refunded_outside_shop == 30000
    assert paid_order.refunded_amount == 155000
    # Dewi keeps 10% of the coffee not refunded, less its share of the dashboard refund.
    assert earned() == 9500


def test_a_refund_event_for_a_refund_the_shop_did_not_ask_for_changes_nothing(
    client, stripe_api, paid_order
):
    dashboard = stripe_api.refund_in_dashboard(paid_order.provider_payment_id, 1000000)

    refund_event(stripe_api, client, "charge.refund.updated", dashboard)

    assert not Refund.objects.exists()
    paid_order.refresh_from_db()
    assert (paid_order.status, paid_order.refunded_amount) == (Order.Status.PAID, 0)


def test_reconcile_settles_a_pending_refund_whose_webhook_never_came(
    client, stripe_api, paid_order
):
    stripe_api.refunds_start_pending()
    refund = refund_order(paid_order, units(paid_order, 1), "slow")
    stripe_api.settle_refund(refund.provider_refund_id, "succeeded")

    output = reconcile()

    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED
    assert f"{paid_order.reference}: refund of Rp\u00a0125.000 → Refunded" in output
    paid_order.refresh_from_db()
    assert paid_order.refunded_amount == 125000


@pytest.fixture
def mixed_order(client, stripe_api, stories) -> Order:
    """Coffee (Rp 125.000) from Dewi's story and batik (Rp 300.000) from an editorial one."""
    dewi = CreatorProfile.objects.create(name="Dewi", slug="dewi", commission_rate="0.1")
    coffee = ProductFactory(name="Coffee")
    batik = ProductFactory(name="Batik", price="300000.00")
    hers = article(stories, title="Coffee", body=product_cards([coffee]), creator=dewi)
    ours = article(stories, title="Batik", body=product_cards([batik]))
    for story, product in ((hers, coffee), (ours, batik)):
        client.post(
            "/cart/add/",
            {
                "variant": product.variants.get().pk,
                "quantity": 1,
                "page": story.pk,
                "block": story.body[0].id,
            },
        )
    client.post("/checkout/")
    session_id = Order.objects.get().provider_checkout_id
    deliver(
        client,
        stripe_api.event("checkout.session.completed", stripe_api.complete_session(session_id)),
    )
    order = Order.objects.get()
    assert earned() == 12500
    return order


def test_refunding_an_editorial_line_leaves_the_creators_commission_alone(mixed_order):
    batik = mixed_order.lines.get(product_name="Batik")

    refund = refund_order(mixed_order, {batik.pk: 1}, "batik")

    assert refund.amount == 300000
    assert list(refund.lines.values_list("order_line", "quantity")) == [(batik.pk, 1)]
    mixed_order.refresh_from_db()
    assert mixed_order.refunded_amount == 300000
    assert earned() == 12500


def test_refunding_the_creators_line_reverses_exactly_her_commission(mixed_order):
    coffee = mixed_order.lines.get(product_name="Coffee")

    refund_order(mixed_order, {coffee.pk: 1}, "coffee")

    assert (earned(), kinds()) == (0, ["accrual", "reversal"])


def test_a_dashboard_refund_whose_lines_are_unknown_shrinks_commissions_in_proportion(
    client, stripe_api, mixed_order
):
    stripe_api.refund_in_dashboard(mixed_order.provider_payment_id, 8500000)  # Rp 85.000
    charge_refunded(stripe_api, client, mixed_order)

    # Rp 85.000 of Rp 425.000 is 20%: Dewi keeps 10% of 80% of her Rp 125.000.
    assert earned() == 10000


def test_a_line_refund_beyond_what_dashboard_refunds_left_is_refused_and_not_sent(
    client, stripe_api, paid_order
):
    stripe_api.refund_in_dashboard(paid_order.provider_payment_id, 20000000)  # Rp 200.000
    charge_refunded(stripe_api, client, paid_order)
    sent = len(stripe_api.requests)

    with pytest.raises(RefundNotAllowed, match=re.escape("Only Rp\u00a050.000 of order")):
        refund_order(paid_order, units(paid_order, 1), "too-much")

    assert not Refund.objects.exists()
    assert len(stripe_api.requests) == sent
