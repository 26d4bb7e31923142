"""Refunds as Stripe settles them: pending ones, ones that fail (even after succeeding), ones
made in the dashboard, and what each does to the order's refunded total and the commission."""

import pytest

from commerce.exceptions import RefundNotAllowed
from commerce.models import Commission, Order, Refund
from commerce.services.refunds import refund_order
from content.creators import CreatorProfile
from tests.commerce.conftest import deliver, reconcile

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_order(client, stripe_api, story, block_id, coffee) -> Order:
    """Two coffees (Rp 250.000) bought from a story by Dewi, who earns 10%."""
    story.creator = CreatorProfile.objects.create(name="Dewi", slug="dewi", commission_rate="0.1")
    story.save_revision().publish()
    client.post(
        "/cart/add/",
        {"variant": coffee.variants.get().pk, "quantity": 2, "page": story.pk, "block": block_id},
    )
    client.post("/checkout/")
    session_id = Order.objects.get().stripe_checkout_session_id
    deliver(
        client,
        stripe_api.event("checkout.session.completed", stripe_api.complete_session(session_id)),
    )
    return Order.objects.get()


def refund_event(stripe_api, client, event_type: str, refund: dict) -> None:
    assert deliver(client, stripe_api.event(event_type, refund)).status_code == 200


def charge_refunded(stripe_api, client, order: Order) -> None:
    charge = stripe_api.charge(order.stripe_payment_intent_id)
    refund_event(stripe_api, client, "charge.refunded", charge)


def stripe_refund(stripe_api) -> dict:
    (refund,) = stripe_api.refunds()
    return refund


@pytest.mark.parametrize("event_type", ["charge.refund.updated", "refund.updated"])
def test_a_pending_refund_counts_as_in_flight_until_its_webhook_says_it_succeeded(
    client, stripe_api, paid_order, event_type
):
    stripe_api.refunds_start_pending()
    refund = refund_order(paid_order, None, "all")
    assert refund.status == Refund.Status.PENDING
    paid_order.refresh_from_db()
    assert paid_order.refunded_amount == 0

    with pytest.raises(RefundNotAllowed, match="nothing left to refund"):
        refund_order(paid_order, 1000, "more")

    settled = stripe_api.settle_refund(stripe_refund(stripe_api)["id"], "succeeded")
    refund_event(stripe_api, client, event_type, settled)

    refund.refresh_from_db()
    paid_order.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED
    assert (paid_order.status, paid_order.refunded_amount) == (Order.Status.REFUNDED, 250000)
    commission = Commission.objects.get()
    assert (commission.amount, commission.status) == (0, Commission.Status.REVERSED)


@pytest.mark.parametrize("event_type", ["charge.refund.updated", "refund.failed"])
def test_a_refund_that_fails_after_it_succeeded_gives_back_the_total_and_commission(
    client, stripe_api, paid_order, event_type
):
    refund = refund_order(paid_order, 50000, "part")
    charge_refunded(stripe_api, client, paid_order)
    paid_order.refresh_from_db()
    assert (paid_order.status, paid_order.refunded_amount) == (
        Order.Status.PARTIALLY_REFUNDED,
        50000,
    )
    assert Commission.objects.get().amount == 20000

    failed = stripe_api.settle_refund(refund.stripe_refund_id, "failed")
    refund_event(stripe_api, client, event_type, failed)

    refund.refresh_from_db()
    paid_order.refresh_from_db()
    assert refund.status == Refund.Status.FAILED
    assert (paid_order.status, paid_order.refunded_amount) == (Order.Status.PAID, 0)
    commission = Commission.objects.get()
    assert (commission.amount, commission.status) == (25000, Commission.Status.EARNED)
    assert "Refund of Rp\u00a050.000: Failed" in paid_order.history.last().note
    # What was given back can be refunded again.
    assert refund_order(paid_order, None, "again").amount == 250000


def test_a_refund_whose_answer_was_lost_is_recognised_in_its_webhook_by_the_request_key(
    client, stripe_api, paid_order
):
    from commerce.exceptions import PaymentProviderUnavailable

    stripe_api.fail_next(500, after_processing=True)
    with pytest.raises(PaymentProviderUnavailable):
        refund_order(paid_order, 50000, "lost")

    refund_event(stripe_api, client, "charge.refund.updated", stripe_refund(stripe_api))

    refund = Refund.objects.get()
    assert refund.status == Refund.Status.SUCCEEDED
    assert refund.stripe_refund_id == stripe_refund(stripe_api)["id"]
    paid_order.refresh_from_db()
    assert paid_order.refunded_amount == 50000


def test_dashboard_and_shop_refunds_add_up_and_a_stale_total_is_not_counted_twice(
    client, stripe_api, paid_order
):
    stripe_api.refund_in_dashboard(paid_order.stripe_payment_intent_id, 3000000)  # Rp 30.000
    charge_refunded(stripe_api, client, paid_order)
    refund_order(paid_order, 50000, "shop")
    charge_refunded(stripe_api, client, paid_order)  # Stripe now reports Rp 80.000

    paid_order.refresh_from_db()
    assert paid_order.refunded_outside_shop == 30000
    assert paid_order.refunded_amount == 80000
    assert Commission.objects.get().amount == 17000  # 10% of the Rp 170.000 kept


def test_a_refund_event_for_a_refund_the_shop_did_not_ask_for_changes_nothing(
    client, stripe_api, paid_order
):
    dashboard = stripe_api.refund_in_dashboard(paid_order.stripe_payment_intent_id, 1000000)

    refund_event(stripe_api, client, "charge.refund.updated", dashboard)

    assert not Refund.objects.exists()
    paid_order.refresh_from_db()
    assert (paid_order.status, paid_order.refunded_amount) == (Order.Status.PAID, 0)


def test_reconcile_settles_a_pending_refund_whose_webhook_never_came(
    client, stripe_api, paid_order
):
    stripe_api.refunds_start_pending()
    refund = refund_order(paid_order, 50000, "slow")
    stripe_api.settle_refund(refund.stripe_refund_id, "succeeded")

    output = reconcile()

    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED
    assert f"{paid_order.reference}: refund of Rp\u00a050.000 → Refunded" in output
    paid_order.refresh_from_db()
    assert paid_order.refunded_amount == 50000
