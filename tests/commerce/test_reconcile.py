"""`manage.py reconcile_payments`: heals missed webhooks and releases stale reservations."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError
from django.test import Client
from django.utils import timezone

from commerce.catalogue.models import ProductVariant
from commerce.shop.models import Order, StockReservation
from storyshop.creators.models import CreatorProfile
from tests.commerce.conftest import deliver, reconcile
from tests.commerce.ledger import earned

pytestmark = pytest.mark.django_db


def start_checkout(client, variant, quantity=1) -> Order:
    """Check out `quantity` more units of `variant` (0: just the cart as it is)."""
    if quantity:
        client.post("/cart/add/", {"variant": variant.pk, "quantity": quantity})
    assert client.post("/checkout/").status_code == 303
    return Order.objects.latest("pk")


def test_a_paid_order_whose_webhook_never_came_is_fulfilled(client, stripe_api, coffee):
    order = start_checkout(client, coffee.variants.get(), 2)
    stripe_api.complete_session(order.provider_checkout_id)

    output = reconcile()

    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert f"{order.reference}: Awaiting payment → Paid" in output
    assert len(mail.outbox) == 1
    assert ProductVariant.objects.get().stock == 8
    assert "nothing changed" in reconcile()  # a second run finds nothing to do


def test_an_expired_session_releases_its_stock(client, stripe_api, coffee):
    order = start_checkout(client, coffee.variants.get(), 3)
    stripe_api.expire_session(order.provider_checkout_id)

    reconcile()

    order.refresh_from_db()
    assert order.status == Order.Status.EXPIRED
    assert ProductVariant.objects.get().stock == 10


def test_a_checkout_past_its_expiry_is_closed_at_stripe_and_its_stock_released(
    client, stripe_api, coffee
):
    order = start_checkout(client, coffee.variants.get(), 1)
    Order.objects.filter(pk=order.pk).update(
        reservation_expires_at=timezone.now() - timedelta(minutes=1)
    )

    output = reconcile()

    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert f"{order.reference}: Awaiting payment → Checkout abandoned" in output
    assert stripe_api.session(order.provider_checkout_id)["status"] == "expired"
    assert ProductVariant.objects.get().stock == 10


def test_a_stale_checkout_stripe_cannot_tell_about_is_left_and_reported(client, stripe_api, coffee):
    order = start_checkout(client, coffee.variants.get(), 1)
    Order.objects.filter(pk=order.pk).update(
        reservation_expires_at=timezone.now() - timedelta(minutes=1)
    )
    stripe_api.reset()  # Stripe no longer knows the session

    with pytest.raises(CommandError, match="1 could not be settled"):
        reconcile()

    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert ProductVariant.objects.get().stock == 9


def test_bad_hours_are_refused_and_nothing_is_asked(stripe_api):
    for hours in ("0", "abc", "100000", "-3"):
        with pytest.raises(CommandError, match="--hours must be"):
            reconcile("--hours", hours)
    assert not stripe_api.requests


def test_without_stripe_keys_the_command_says_so(no_payments):
    with pytest.raises(CommandError, match="Payments are not configured"):
        reconcile()


def test_when_stripe_fails_the_command_says_so_and_changes_nothing(client, stripe_api, coffee):
    order = start_checkout(client, coffee.variants.get(), 1)
    stripe_api.complete_session(order.provider_checkout_id)
    stripe_api.fail_next(500)

    with pytest.raises(CommandError, match="Stripe failed"):
        reconcile()

    order.refresh_from_db()
    assert order.status == Order.Status.PENDING


def test_reconcile_pages_through_every_recent_session(client, stripe_api, monkeypatch):
    from commerce.shop.payments import stripe_gateway
    from tests.factories import ProductFactory

    monkeypatch.setattr(stripe_gateway, "LIST_PAGE_SIZE", 2)
    variant = ProductFactory(stock=10).variants.get()
    # Five readers (one client may hold only its share of the variant).
    orders = [start_checkout(Client(REMOTE_ADDR=f"10.0.0.{i}"), variant) for i in range(5)]
    for order in orders:
        stripe_api.complete_session(order.provider_checkout_id)

    output = reconcile()

    assert "Checked 5 Checkout Sessions" in output
    assert Order.objects.filter(status=Order.Status.PAID).count() == 5
    listing = [r for r in stripe_api.requests if r.method == "GET" and r.path.endswith("sessions")]
    assert [r.params.get("starting_after") is not None for r in listing] == [False, True, True]


def test_a_refund_whose_answer_was_lost_is_settled_by_reconcile(client, stripe_api, coffee):
    from commerce.shop.exceptions import PaymentProviderUnavailable
    from commerce.shop.models import Refund
    from commerce.shop.services.refunds import refund_order

    order = start_checkout(client, coffee.variants.get(), 2)
    stripe_api.complete_session(order.provider_checkout_id)
    reconcile()
    order.refresh_from_db()
    stripe_api.fail_next(500, after_processing=True)
    with pytest.raises(PaymentProviderUnavailable):
        refund_order(order, {order.lines.get().pk: 2}, "lost-answer")
    Refund.objects.update(updated_at=timezone.now() - timedelta(minutes=10))

    output = reconcile()

    refund = Refund.objects.get()
    assert refund.status == Refund.Status.SUCCEEDED
    assert f"{order.reference}: refund of Rp\u00a0250.000 → Refunded" in output
    assert stripe_api.charge(order.provider_payment_id)["amount_refunded"] == 25000000
    assert (
        len([r for r in stripe_api.requests if r.path == "/v1/refunds" and r.method == "POST"]) == 1
    )
    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED


def test_a_mismatched_payment_among_stale_checkouts_is_set_aside_and_the_rest_settled(
    client, stripe_api, coffee
):
    variant = coffee.variants.get()
    mismatched = start_checkout(Client(), variant, 2)
    abandoned = start_checkout(Client(), variant, 1)
    stripe_api.complete_session(mismatched.provider_checkout_id, amount_total=100)
    Order.objects.update(reservation_expires_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(CommandError, match="1 orders need attention"):
        reconcile("--hours", "1")

    mismatched.refresh_from_db()
    abandoned.refresh_from_db()
    assert mismatched.status == Order.Status.NEEDS_ATTENTION
    assert "Stripe reports 100 IDR" in mismatched.history.last().note
    assert abandoned.status == Order.Status.CANCELLED
    assert ProductVariant.objects.get().stock == 10  # both holds released
    assert not mail.outbox


def processing_order(client, stripe_api, variant) -> Order:
    """A checkout paid by a delayed method (a transfer): the order waits, its units held."""
    order = start_checkout(client, variant, 2)
    deliver(
        client,
        stripe_api.event(
            "checkout.session.completed",
            stripe_api.complete_session(order.provider_checkout_id, payment_status="unpaid"),
        ),
    )
    order.refresh_from_db()
    assert order.status == Order.Status.PROCESSING
    # Not heard of for two hours, and its session older than what reconcile lists.
    Order.objects.filter(pk=order.pk).update(updated_at=timezone.now() - timedelta(hours=2))
    stripe_api.backdate_session(order.provider_checkout_id, 3 * 3600)
    return order


def test_a_delayed_payment_whose_webhook_never_came_is_paid_by_reconcile(
    client, stripe_api, coffee
):
    order = processing_order(client, stripe_api, coffee.variants.get())
    stripe_api.pay_delayed_payment(order.provider_checkout_id)

    output = reconcile("--hours", "1")

    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert f"{order.reference}: Payment processing → Paid" in output
    assert order.reservations.get().status == StockReservation.Status.COMMITTED
    assert ProductVariant.objects.get().stock == 8
    assert len(mail.outbox) == 1


def test_a_delayed_payment_that_bounced_puts_its_stock_back_through_reconcile(
    client, stripe_api, coffee
):
    order = processing_order(client, stripe_api, coffee.variants.get())
    stripe_api.fail_delayed_payment(order.provider_checkout_id)

    output = reconcile("--hours", "1")

    order.refresh_from_db()
    assert order.status == Order.Status.FAILED
    assert f"{order.reference}: Payment processing → Payment failed" in output
    assert ProductVariant.objects.get().stock == 10
    assert not mail.outbox


def test_a_delayed_payment_still_on_its_way_is_left_holding_its_stock(client, stripe_api, coffee):
    order = processing_order(client, stripe_api, coffee.variants.get())

    assert "nothing changed" in reconcile("--hours", "1")

    order.refresh_from_db()
    assert order.status == Order.Status.PROCESSING
    assert ProductVariant.objects.get().stock == 8


def test_a_refund_whose_webhook_never_came_reaches_the_order_and_commission(
    client, stripe_api, story, block_id, coffee
):
    story.creator = CreatorProfile.objects.create(name="Dewi", slug="dewi", commission_rate="0.1")
    story.save_revision().publish()
    client.post(
        "/cart/add/",
        {"variant": coffee.variants.get().pk, "quantity": 2, "page": story.pk, "block": block_id},
    )
    order = start_checkout(client, coffee.variants.get(), 0)
    deliver(
        client,
        stripe_api.event(
            "checkout.session.completed",
            stripe_api.complete_session(order.provider_checkout_id),
        ),
    )
    order.refresh_from_db()
    stripe_api.refund_in_dashboard(order.provider_payment_id, 5000000)  # no webhook

    output = reconcile()

    order.refresh_from_db()
    assert (order.status, order.refunded_amount) == (Order.Status.PARTIALLY_REFUNDED, 50000)
    assert f"{order.reference}: refunded Rp\u00a00 → Rp\u00a050.000" in output
    assert earned() == 20000
    assert "nothing changed" in reconcile()
