"""Staff changes to orders and stock are actions: checked, done and written to Wagtail's audit log
("Site history"), with who and what."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from wagtail.models import ModelLogEntry

from commerce.catalogue.models import ProductVariant
from commerce.catalogue.money import format_money
from commerce.shop.models import CommissionEntry, Order
from storyshop.creators.models import CreatorProfile
from tests.commerce.conftest import buy_from_story, committed, deliver
from tests.commerce.test_stock import product_edit_data
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

SITE_HISTORY = "/admin/reports/site-history/"


def staff(django_user_model, username, *codenames):
    """A staff member with admin access and the named permissions (codename, app label)."""
    user = django_user_model.objects.create_user(
        username, password="pw", first_name=username.title(), last_name="Staff"
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename, app_label in codenames:
        user.user_permissions.add(
            Permission.objects.get(codename=codename, content_type__app_label=app_label)
        )
    return user


def refund_key(html: str) -> str:
    return re.search(r'name="request_key" value="(\w+)"', html).group(1)


@pytest.fixture
def finance(django_user_model):
    return staff(
        django_user_model, "finance", ("view_order", "commerce"), ("refund_order", "commerce")
    )


@pytest.fixture
def paid_order(client, stripe_api, story, block_id, coffee) -> Order:
    return buy_from_story(client, stripe_api, coffee, story, block_id)


def refund_one_unit(client, order: Order):
    page = client.get(f"/admin/orders/inspect/{order.pk}/").content.decode()
    data = {"request_key": refund_key(page), f"line-{order.lines.get().pk}": 1}
    return client.post(f"/admin/orders/refund/{order.pk}/", data), data


def test_a_refund_in_the_admin_appears_in_the_site_history_with_who_and_what(
    client, paid_order, finance
):
    client.force_login(finance)

    refund_one_unit(client, paid_order)
    history = client.get(SITE_HISTORY).content.decode()

    assert paid_order.reference in history
    assert "Finance Staff" in history
    unit_price = format_money(paid_order.lines.get().unit_price, paid_order.currency)
    assert f"Refund of {unit_price} for 1 x KOPI-GAYO-200: Refunded" in history
    entry = ModelLogEntry.objects.get(action="storyshop.order.refund")
    assert entry.user == finance
    assert entry.object_id == str(paid_order.pk)
    assert entry.data["lines"] == [{"sku": "KOPI-GAYO-200", "units": 1}]


def test_a_repeated_refund_submission_is_logged_once(client, paid_order, finance):
    client.force_login(finance)

    _response, data = refund_one_unit(client, paid_order)
    client.post(f"/admin/orders/refund/{paid_order.pk}/", data)

    assert ModelLogEntry.objects.filter(action="storyshop.order.refund").count() == 1


def test_a_refund_stripe_refuses_is_logged_as_failed(client, stripe_api, paid_order, finance):
    client.force_login(finance)
    stripe_api.fail_next(status=400)

    refund_one_unit(client, paid_order)

    entry = ModelLogEntry.objects.get(action="storyshop.order.refund")
    assert entry.data["status"] == "failed"
    assert "Failed" in client.get(SITE_HISTORY).content.decode()


def test_staff_without_the_refund_permission_are_refused_and_nothing_is_logged(
    client, paid_order, django_user_model
):
    viewer = staff(django_user_model, "viewer", ("view_order", "commerce"))
    client.force_login(viewer)

    response = client.post(
        f"/admin/orders/refund/{paid_order.pk}/",
        {"request_key": "a-key", f"line-{paid_order.lines.get().pk}": 1},
    )

    assert response.status_code in (302, 403)
    paid_order.refresh_from_db()
    assert paid_order.refunded_amount == 0
    assert not ModelLogEntry.objects.filter(action="storyshop.order.refund").exists()


def test_editors_without_order_permissions_do_not_see_refunds_in_the_site_history(
    client, paid_order, finance, django_user_model
):
    client.force_login(finance)
    refund_one_unit(client, paid_order)
    editor = staff(django_user_model, "editor", ("change_product", "catalogue"))
    client.force_login(editor)

    history = client.get(SITE_HISTORY).content.decode()

    assert paid_order.reference not in history


def test_an_editors_stock_change_is_logged_on_the_product_with_before_and_after(
    client, django_user_model
):
    product = ProductFactory(stock=10)
    sku = product.variants.get().sku
    editor = staff(
        django_user_model, "editor", ("change_product", "catalogue"), ("add_product", "catalogue")
    )
    client.force_login(editor)

    saved = client.post(
        f"/admin/snippets/catalogue/product/edit/{product.pk}/",
        product_edit_data(product, stock=25),
    )

    assert saved.status_code == 302
    assert ProductVariant.objects.get().stock == 25
    entry = ModelLogEntry.objects.get(action="storyshop.stock.change")
    assert entry.user == editor
    assert entry.object_id == str(product.pk)
    assert entry.data["stock"] == [{"sku": sku, "before": 10, "after": 25}]
    history = client.get(f"/admin/snippets/catalogue/product/history/{product.pk}/")
    assert f"Stock: {sku} 10 → 25" in history.content.decode()


def test_saving_a_product_without_touching_its_stock_logs_no_stock_change(
    client, django_user_model
):
    product = ProductFactory(stock=10)
    editor = staff(django_user_model, "editor", ("change_product", "catalogue"))
    client.force_login(editor)

    client.post(
        f"/admin/snippets/catalogue/product/edit/{product.pk}/",
        product_edit_data(product, stock=10),
    )

    assert not ModelLogEntry.objects.filter(action="storyshop.stock.change").exists()


@pytest.fixture
def needs_attention(client, stripe_api, story, block_id, coffee) -> Order:
    """Two coffees from a creator's story, paid at Stripe with another amount."""
    story.creator = CreatorProfile.objects.create(name="Dewi", slug="dewi", commission_rate="0.100")
    story.save_revision().publish()
    client.post(
        "/cart/add/",
        {"variant": coffee.variants.get().pk, "quantity": 2, "page": story.pk, "block": block_id},
    )
    client.post("/checkout/")
    order = Order.objects.get()
    session = stripe_api.complete_session(order.provider_checkout_id, amount_total=100)
    deliver(client, stripe_api.event("checkout.session.completed", session))
    order.refresh_from_db()
    assert order.status == Order.Status.NEEDS_ATTENTION
    return order


@pytest.fixture
def settler(django_user_model):
    return staff(
        django_user_model, "settler", ("view_order", "commerce"), ("settle_order", "commerce")
    )


def test_staff_accept_an_order_that_needs_attention_and_it_is_paid_and_logged(
    client, needs_attention, settler, coffee
):
    client.force_login(settler)
    page = client.get(f"/admin/orders/inspect/{needs_attention.pk}/").content.decode()
    assert "Settle by hand" in page

    with committed():
        response = client.post(
            f"/admin/orders/settle/{needs_attention.pk}/",
            {"settlement": "accept", "note": "The buyer paid the rest by bank transfer."},
        )

    assert response.status_code == 302
    needs_attention.refresh_from_db()
    assert needs_attention.status == Order.Status.PAID
    assert coffee.variants.get().stock == 8  # its units are taken again
    assert CommissionEntry.objects.get(order=needs_attention).creator.slug == "dewi"
    assert len(mail.outbox) == 1
    entry = ModelLogEntry.objects.get(action="storyshop.order.settle")
    assert entry.user == settler
    assert entry.data["note"] == "The buyer paid the rest by bank transfer."
    history = client.get(SITE_HISTORY).content.decode()
    assert "Accept the payment as it is" in history
    assert "Settler Staff" in history


def test_staff_close_an_order_that_needs_attention(client, needs_attention, settler, coffee):
    client.force_login(settler)

    client.post(
        f"/admin/orders/settle/{needs_attention.pk}/",
        {"settlement": "close", "note": "Refunded in Stripe's dashboard."},
    )

    needs_attention.refresh_from_db()
    assert needs_attention.status == Order.Status.CANCELLED
    assert coffee.variants.get().stock == 10
    assert not CommissionEntry.objects.exists()
    assert "Closed by hand: Refunded in Stripe's dashboard." in needs_attention.history.last().note


@pytest.mark.parametrize(
    "data",
    [
        {"settlement": "accept", "note": ""},
        {"settlement": "give-away", "note": "Why not"},
        {"settlement": "accept", "note": "x" * 201},
    ],
)
def test_a_bad_settlement_changes_nothing(client, needs_attention, settler, data):
    client.force_login(settler)

    client.post(f"/admin/orders/settle/{needs_attention.pk}/", data)

    needs_attention.refresh_from_db()
    assert needs_attention.status == Order.Status.NEEDS_ATTENTION
    assert not ModelLogEntry.objects.filter(action="storyshop.order.settle").exists()


def test_only_an_order_that_needs_attention_is_settled(client, paid_order, settler):
    client.force_login(settler)

    client.post(f"/admin/orders/settle/{paid_order.pk}/", {"settlement": "close", "note": "Oops"})

    paid_order.refresh_from_db()
    assert paid_order.status == Order.Status.PAID
    assert not ModelLogEntry.objects.filter(action="storyshop.order.settle").exists()


def test_staff_without_the_settle_permission_cannot_settle(client, needs_attention, finance):
    client.force_login(finance)

    page = client.get(f"/admin/orders/inspect/{needs_attention.pk}/").content.decode()
    response = client.post(
        f"/admin/orders/settle/{needs_attention.pk}/", {"settlement": "accept", "note": "Mine"}
    )

    assert "Settle by hand" not in page
    assert response.status_code in (302, 403)
    needs_attention.refresh_from_db()
    assert needs_attention.status == Order.Status.NEEDS_ATTENTION
