"""Orders in the admin: who sees them, what they show, and refunds through Stripe."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone

from commerce.shop.exceptions import PaymentProviderUnavailable
from commerce.shop.models import Order, OrderLine, Refund
from commerce.shop.services.refunds import refund_order
from storyshop.creators.models import CreatorProfile
from tests.commerce.conftest import buy_from_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_order(client, stripe_api, story, block_id, coffee) -> Order:
    return buy_from_story(client, stripe_api, coffee, story, block_id)


def admin_user(django_user_model, username, *codenames, group=None):
    user = django_user_model.objects.create_user(username, password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(codename=codename, content_type__app_label="commerce")
        )
    if group:
        user.groups.add(group)
    return user


def refund_key(html: str) -> str:
    return re.search(r'name="request_key" value="(\w+)"', html).group(1)


def units(order: Order, count) -> dict[str, object]:
    """The refund form's field asking for `count` units of the order's (only) line."""
    return {f"line-{order.lines.get().pk}": count}


def test_staff_with_the_permission_see_the_order_its_lines_history_stripe_ids_and_story(
    client, paid_order, story, django_user_model
):
    client.force_login(admin_user(django_user_model, "orders", "view_order"))

    listing = client.get("/admin/orders/")
    page = client.get(f"/admin/orders/inspect/{paid_order.pk}/")

    assert listing.status_code == 200
    assert paid_order.reference in listing.content.decode()
    html = page.content.decode()
    assert page.status_code == 200
    for expected in (
        "KOPI-GAYO-200",
        paid_order.provider_checkout_id,
        paid_order.provider_payment_id,
        story.title,
        "Checkout started",
        "Paid Rp\u00a0250.000 through Stripe",
    ):
        assert expected in html
    assert "Refund through Stripe" not in html  # viewing is not refunding


@pytest.mark.parametrize("group_name", ["Creators", "Editors"])
def test_creators_and_editors_without_the_permission_cannot_see_orders(
    client, paid_order, django_user_model, group_name
):
    # The groups as every install has them (content's roles migration).
    group = Group.objects.get(name=group_name)
    client.force_login(admin_user(django_user_model, "someone", group=group))

    assert client.get("/admin/").status_code == 200
    assert "/admin/orders/" not in client.get("/admin/").content.decode()
    assert client.get("/admin/orders/").status_code in (302, 403)
    assert client.get(f"/admin/orders/inspect/{paid_order.pk}/").status_code in (302, 403)
    assert client.post(
        f"/admin/orders/refund/{paid_order.pk}/", {"request_key": "k"}
    ).status_code in (302, 403)
    assert not Refund.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client, paid_order):
    assert "/admin/login/" in client.get("/admin/orders/")["Location"]


def test_nobody_edits_or_deletes_orders_in_the_admin(admin_client, paid_order):
    assert admin_client.get(f"/admin/orders/edit/{paid_order.pk}/").status_code == 404
    assert admin_client.get(f"/admin/orders/delete/{paid_order.pk}/").status_code == 404
    assert admin_client.get("/admin/orders/new/").status_code == 404


def test_a_partial_then_full_refund_through_stripe(admin_client, stripe_api, paid_order):
    page = admin_client.get(f"/admin/orders/inspect/{paid_order.pk}/").content.decode()

    response = admin_client.post(
        f"/admin/orders/refund/{paid_order.pk}/",
        {**units(paid_order, 1), "amount": "1", "request_key": refund_key(page)},
    )

    assert response.status_code == 302
    paid_order.refresh_from_db()
    assert (paid_order.status, paid_order.refunded_amount) == (
        Order.Status.PARTIALLY_REFUNDED,
        125000,
    )
    refund = Refund.objects.get()
    assert refund.status == Refund.Status.SUCCEEDED
    assert refund.provider_refund_id.startswith("re_")
    assert stripe_api.requests[-1].params["amount"] == "12500000"  # priced by the server
    assert stripe_api.requests[-1].idempotency_key == f"refund-{refund.request_key}"

    page = admin_client.get(f"/admin/orders/inspect/{paid_order.pk}/").content.decode()
    assert 'max="1"' in page  # one unit is left to refund
    admin_client.post(
        f"/admin/orders/refund/{paid_order.pk}/",
        {**units(paid_order, 1), "request_key": refund_key(page)},
    )

    paid_order.refresh_from_db()
    assert (paid_order.status, paid_order.refunded_amount) == (Order.Status.REFUNDED, 250000)
    assert stripe_api.charge(paid_order.provider_payment_id)["amount_refunded"] == 25000000
    assert len(mail.outbox) == 1


def test_submitting_the_same_refund_form_twice_refunds_once(admin_client, stripe_api, paid_order):
    key = refund_key(admin_client.get(f"/admin/orders/inspect/{paid_order.pk}/").content.decode())

    for _ in range(2):
        admin_client.post(
            f"/admin/orders/refund/{paid_order.pk}/",
            {**units(paid_order, 1), "request_key": key},
        )

    assert Refund.objects.count() == 1
    assert len([r for r in stripe_api.requests if r.path == "/v1/refunds"]) == 1
    paid_order.refresh_from_db()
    assert paid_order.refunded_amount == 125000


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("3", "Choose at most the units of each line that are not refunded yet."),
        ("0", "Choose how many units of which lines to refund."),
        ("", "Choose how many units of which lines to refund."),
        ("-1", "Enter whole numbers of units to refund"),
        ("abc", "Enter whole numbers of units to refund"),
        ("1.5", "Enter whole numbers of units to refund"),
    ],
)
def test_a_refund_outside_what_is_left_is_refused_and_nothing_is_sent(
    admin_client, stripe_api, paid_order, count, message
):
    response = admin_client.post(
        f"/admin/orders/refund/{paid_order.pk}/",
        {**units(paid_order, count), "amount": "1", "request_key": "k1"},
        follow=True,
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Refund.objects.exists()
    assert not [r for r in stripe_api.requests if r.path == "/v1/refunds"]
    paid_order.refresh_from_db()
    assert paid_order.refunded_amount == 0


def test_a_refund_stripe_refuses_is_recorded_as_failed_and_explained(
    admin_client, stripe_api, paid_order
):
    stripe_api.refund_in_dashboard(paid_order.provider_payment_id, 25000000)  # already all refunded

    response = admin_client.post(
        f"/admin/orders/refund/{paid_order.pk}/",
        {**units(paid_order, 1), "request_key": "k2"},
        follow=True,
    )

    assert "Stripe refused to refund the payment" in response.content.decode()
    assert Refund.objects.get().status == Refund.Status.FAILED
    paid_order.refresh_from_db()
    assert paid_order.refunded_amount == 0


def test_an_unpaid_order_cannot_be_refunded(admin_client, stripe_api, coffee, client):
    client.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 1})
    client.post("/checkout/")
    order = Order.objects.get()

    admin_client.post(f"/admin/orders/refund/{order.pk}/", {**units(order, 1), "request_key": "k3"})

    assert not Refund.objects.exists()


def test_viewing_staff_cannot_refund(client, paid_order, django_user_model):
    client.force_login(admin_user(django_user_model, "viewer", "view_order"))

    response = client.post(
        f"/admin/orders/refund/{paid_order.pk}/", {**units(paid_order, 1), "request_key": "k4"}
    )

    assert response["Location"] == "/admin/"
    assert not Refund.objects.exists()


def test_staff_with_the_refund_permission_refund(client, stripe_api, paid_order, django_user_model):
    client.force_login(admin_user(django_user_model, "finance", "view_order", "refund_order"))
    key = refund_key(client.get(f"/admin/orders/inspect/{paid_order.pk}/").content.decode())

    client.post(
        f"/admin/orders/refund/{paid_order.pk}/", {**units(paid_order, 1), "request_key": key}
    )

    assert Refund.objects.get().requested_by.username == "finance"


def test_order_listing_query_count_does_not_grow_with_the_orders(admin_client, story):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get("/admin/orders/").status_code == 200
        return len(captured)

    creators = [CreatorProfile.objects.create(name=f"Creator {n}", slug=f"c{n}") for n in range(3)]

    def order_crediting(creator: CreatorProfile) -> None:
        order = Order.objects.create(currency="IDR", total=1000)
        for unit_price in (400, 600):
            order.lines.create(
                product_name="Kopi",
                sku="KOPI",
                unit_price=unit_price,
                quantity=1,
                source_page=story,
                creator=creator,
                credit=OrderLine.Credit.STORY,
            )

    order_crediting(creators[0])
    with_one = queries()
    for number in range(9):
        order_crediting(creators[number % 3])

    # Session, user, permissions and the count, then the page of orders with their credited
    # lines and creators.
    assert queries() == with_one
    assert "Creator 2" in admin_client.get("/admin/orders/").content.decode()


def refunds_sent(stripe_api) -> list:
    return [r for r in stripe_api.requests if r.method == "POST" and r.path == "/v1/refunds"]


@pytest.mark.parametrize(
    "lose_answer",
    [
        pytest.param(lambda api: api.fail_next(500, after_processing=True), id="500-after-work"),
        pytest.param(lambda api: api.delay_next(2.5, after_processing=True), id="timeout"),
    ],
)
def test_a_refund_whose_answer_is_lost_stays_requested_and_asking_again_refunds_once(
    admin_client, stripe_api, paid_order, lose_answer
):
    key = refund_key(admin_client.get(f"/admin/orders/inspect/{paid_order.pk}/").content.decode())
    lose_answer(stripe_api)  # Stripe refunds, but its answer never reaches the shop

    response = admin_client.post(
        f"/admin/orders/refund/{paid_order.pk}/",
        {**units(paid_order, 1), "request_key": key},
        follow=True,
    )

    html = response.content.decode()
    assert "We do not know yet whether the refund" in html
    assert "nothing was charged" not in html
    refund = Refund.objects.get()
    assert refund.status == Refund.Status.REQUESTED
    assert "Ask Stripe again" in html
    paid_order.refresh_from_db()
    assert paid_order.refunded_amount == 0  # not counted before Stripe says so

    admin_client.post(f"/admin/orders/refund/{paid_order.pk}/", {"request_key": key})

    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED
    assert refund.provider_refund_id.startswith("re_")
    assert stripe_api.charge(paid_order.provider_payment_id)["amount_refunded"] == 12500000
    assert len(refunds_sent(stripe_api)) == 1  # found at Stripe, not sent again
    paid_order.refresh_from_db()
    assert paid_order.refunded_amount == 125000


def test_a_refund_stripe_never_received_is_sent_again_with_the_same_idempotency_key(
    admin_client, stripe_api, paid_order
):
    stripe_api.fail_next(500)  # before Stripe did anything

    admin_client.post(
        f"/admin/orders/refund/{paid_order.pk}/", {**units(paid_order, 1), "request_key": "k5"}
    )
    assert Refund.objects.get().status == Refund.Status.REQUESTED
    admin_client.post(f"/admin/orders/refund/{paid_order.pk}/", {"request_key": "k5"})

    first, retry = refunds_sent(stripe_api)
    assert first.idempotency_key == retry.idempotency_key == "refund-k5"
    assert Refund.objects.get().status == Refund.Status.SUCCEEDED
    assert stripe_api.charge(paid_order.provider_payment_id)["amount_refunded"] == 12500000


def test_an_unanswered_refund_counts_as_in_flight_so_nothing_more_can_be_requested(
    admin_client, stripe_api, paid_order
):
    stripe_api.fail_next(500, after_processing=True)
    admin_client.post(
        f"/admin/orders/refund/{paid_order.pk}/", {**units(paid_order, 2), "request_key": "k6"}
    )

    response = admin_client.post(
        f"/admin/orders/refund/{paid_order.pk}/",
        {**units(paid_order, 1), "request_key": "k7"},
        follow=True,
    )

    assert "not refunded yet" in response.content.decode()
    assert Refund.objects.count() == 1
    assert len(refunds_sent(stripe_api)) == 1


def test_only_one_caller_asks_stripe_again_about_the_same_refund(stripe_api, paid_order):
    from commerce.shop.services.refunds import send_refund

    stripe_api.fail_next(500, after_processing=True)
    with pytest.raises(PaymentProviderUnavailable):
        refund_order(paid_order, {paid_order.lines.get().pk: 2}, "k8")
    stale = Refund.objects.get()
    Refund.objects.filter(pk=stale.pk).update(updated_at=timezone.now())  # another retry began

    assert send_refund(stale).status == Refund.Status.REQUESTED
    assert not [r for r in stripe_api.requests if r.method == "GET"]
