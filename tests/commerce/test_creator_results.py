""" "My results" in the admin: what a creator's stories sold and earned, and who may see it."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commerce.shop.creator_results import fetch_creator_results
from commerce.shop.models import Order, OrderLine
from commerce.shop.services.ledger import follow_refunds, record_accruals
from commerce.shop.services.refunds import refund_order
from storyshop.creators.models import CreatorProfile
from tests.commerce.conftest import buy_from_story
from tests.factories import CreatorProfileFactory, ProductFactory, article, product_cards
from tests.users import member_of

pytestmark = pytest.mark.django_db

URL = "/admin/my-results/"


@pytest.fixture
def dewi(story) -> CreatorProfile:
    """Dewi, a creator with an admin account, who wrote the coffee story and earns 10%."""
    profile = CreatorProfile.objects.create(
        name="Dewi", slug="dewi", commission_rate="0.1", user=member_of("Creators")
    )
    story.creator = profile
    story.save_revision().publish()
    return profile


@pytest.fixture
def paid_order(client, stripe_api, story, block_id, coffee, dewi) -> Order:
    """Two coffees (Rp 250.000) bought from Dewi's story through the real checkout."""
    order = buy_from_story(client, stripe_api, coffee, story, block_id)
    client.logout()
    return order


def order_of(
    creator: CreatorProfile | None,
    story,
    product,
    quantity: int = 1,
    status: str = Order.Status.PAID,
    paid_days_ago: int = 1,
    unit_price: str = "100000.00",
) -> Order:
    """An order of one line sold from `story` for `creator`, its commission recorded as the
    fulfilment records it (only when the order is paid)."""
    price = Decimal(unit_price)
    paid = status in Order.PAID_STATUSES
    order = Order.objects.create(
        status=status,
        currency="IDR",
        total=price * quantity,
        email="buyer@example.com",
        paid_at=timezone.now() - timedelta(days=paid_days_ago) if paid else None,
    )
    OrderLine.objects.create(
        order=order,
        variant=product.variants.get(),
        product_name=product.name,
        sku=product.variants.get().sku,
        unit_price=price,
        quantity=quantity,
        source_page=story,
        creator=creator,
    )
    if paid:
        record_accruals(order)
    return order


def refund_in_full(order: Order) -> None:
    order.status = Order.Status.REFUNDED
    order.refunded_amount = order.total
    order.save()
    follow_refunds(order)


def totals(html: str) -> dict[str, str]:
    """The headline figures, by name, as the page shows them."""
    return dict(re.findall(r'<dd data-total="(\w+)">([^<]*)</dd>', html))


def denied(response) -> bool:
    """Wagtail's answer to a denied admin page: back to the dashboard, saying so."""
    return response.status_code == 302 and response.url == "/admin/"


def rp(amount: str) -> str:
    return f"Rp\u00a0{amount}"


def test_a_creator_sees_what_their_story_sold_and_earned(client, paid_order, story, dewi):
    client.force_login(dewi.user)

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert totals(html) == {
        "orders": "1",
        "units": "2",
        "sales": rp("250.000"),
        "earned": rp("25.000"),
        "reversed": rp("0"),
    }
    assert f'<a href="{story.url}">{story.title}</a>' in html
    assert "Kopi Gayo" in html
    assert paid_order.reference in html
    assert "10%" in html


def test_the_page_never_shows_the_buyer(client, paid_order, dewi):
    paid_order.email = "ayu.buyer@example.com"
    paid_order.save()
    client.force_login(dewi.user)

    html = client.get(URL).content.decode()

    assert paid_order.reference in html
    assert "ayu.buyer" not in html


def test_a_refund_shrinks_the_commission_and_shows_what_it_took_back(
    client, stripe_api, paid_order, dewi
):
    refund_order(paid_order, {paid_order.lines.get().pk: 1}, "one-coffee")
    client.force_login(dewi.user)

    html = client.get(URL).content.decode()

    assert totals(html)["earned"] == rp("12.500")
    assert totals(html)["reversed"] == rp("12.500")
    assert totals(html)["sales"] == rp("250.000")  # what was sold; refunds show in commission


def test_a_full_refund_reverses_the_commission(client, stories, dewi, coffee, story):
    order = order_of(dewi, story, coffee, quantity=2)
    refund_in_full(order)
    client.force_login(dewi.user)

    html = client.get(URL).content.decode()

    assert totals(html)["earned"] == rp("0")
    assert totals(html)["reversed"] == rp("20.000")
    assert "Taken back by a refund" in html


def test_other_creators_sales_and_unpaid_orders_are_left_out(client, stories, dewi, story, coffee):
    other = CreatorProfileFactory(name="Sekar", commission_rate="0.2")
    other_story = article(stories, title="Batik of Lasem", creator=other)
    order_of(dewi, story, coffee, quantity=1)
    hidden = [order_of(other, other_story, coffee, quantity=5)]
    for status in (
        Order.Status.PENDING,
        Order.Status.PROCESSING,
        Order.Status.EXPIRED,
        Order.Status.CANCELLED,
        Order.Status.FAILED,
        Order.Status.NEEDS_ATTENTION,
    ):
        hidden.append(order_of(dewi, story, coffee, quantity=3, status=status))
    client.force_login(dewi.user)

    html = client.get(URL).content.decode()

    assert totals(html) == {
        "orders": "1",
        "units": "1",
        "sales": rp("100.000"),
        "earned": rp("10.000"),
        "reversed": rp("0"),
    }
    assert "Batik of Lasem" not in html
    for order in hidden:
        assert order.reference not in html


@pytest.mark.parametrize(
    ("period", "orders"), [("30", "1"), ("90", "2"), ("all", "3"), ("", "1"), ("forever", "1")]
)
def test_the_period_counts_orders_by_when_they_were_paid(
    client, stories, dewi, story, coffee, period, orders
):
    for days in (2, 45, 400):
        order_of(dewi, story, coffee, paid_days_ago=days)
    client.force_login(dewi.user)

    response = client.get(URL, {"period": period})

    assert response.status_code == 200  # an unknown period shows the default, the last 30 days
    assert totals(response.content.decode())["orders"] == orders


def test_a_creator_cannot_see_another_creators_results(client, stories, dewi, story, coffee):
    other = CreatorProfileFactory(name="Sekar")
    order_of(other, article(stories, title="Batik of Lasem", creator=other), coffee)
    client.force_login(dewi.user)

    assert denied(client.get(URL, {"creator": "sekar"}))
    assert client.get(URL, {"creator": "dewi"}).status_code == 200


def staff(django_user_model, *codenames: str):
    user = django_user_model.objects.create_user("finance", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(codename=codename, content_type__app_label="commerce")
        )
    return user


def test_staff_who_may_view_orders_pick_any_creator(
    client, stories, dewi, story, coffee, django_user_model
):
    order_of(dewi, story, coffee, quantity=3)
    client.force_login(staff(django_user_model, "view_order"))

    picker = client.get(URL)
    results = client.get(URL, {"creator": "dewi", "period": "all"})

    assert picker.status_code == 200
    assert '<option value="dewi">Dewi</option>' in picker.content.decode()
    assert "data-total" not in picker.content.decode()
    assert totals(results.content.decode())["units"] == "3"
    assert client.get(URL, {"creator": "nobody"}).status_code == 404


def test_the_menu_item_is_for_creators_and_staff_who_may_view_orders(
    client, dewi, django_user_model
):
    client.force_login(dewi.user)
    assert URL in client.get("/admin/").content.decode()

    client.force_login(staff(django_user_model, "view_order"))
    assert URL in client.get("/admin/").content.decode()


def test_anyone_else_gets_no_menu_item_and_is_turned_away(client, dewi, django_user_model):
    for user in (staff(django_user_model), member_of("Editors")):
        client.force_login(user)
        assert URL not in client.get("/admin/").content.decode()
        assert denied(client.get(URL))
        assert denied(client.get(URL, {"creator": "dewi"}))


def test_amounts_are_rounded_as_the_commission_was(stories, story, coffee):
    creator = CreatorProfileFactory(commission_rate="0.125")
    order = order_of(creator, story, coffee, unit_price="99999.00")  # 12499.875 → 12499.87
    refund_in_full(order)

    results = fetch_creator_results(creator, "all")

    assert results.totals.commission_reversed == Decimal("12499.87")
    assert results.totals.commission_earned == 0


def test_a_story_shares_its_orders_commission_with_the_creators_other_story(stories, story, coffee):
    creator = CreatorProfileFactory(commission_rate="0.1")
    second = article(stories, title="Second", creator=creator)
    order = order_of(creator, story, coffee, quantity=1)
    OrderLine.objects.create(
        order=order,
        product_name="Tea",
        sku="TEA",
        unit_price=Decimal("300000.00"),
        quantity=1,
        source_page=second,
        creator=creator,
    )
    order.total = Decimal("400000.00")
    order.save()
    order.commission_entries.all().delete()
    record_accruals(order)

    stories_sold = {row.title: row for row in fetch_creator_results(creator, "all").stories}

    assert stories_sold["Second"].commission == Decimal("30000.00")
    assert stories_sold[story.title].commission == Decimal("10000.00")
    assert (stories_sold["Second"].orders, stories_sold[story.title].orders) == (1, 1)


def test_a_free_sample_counts_as_units_without_breaking_the_figures(client, dewi, story, coffee):
    order_of(dewi, story, coffee, quantity=4, unit_price="0.00")
    client.force_login(dewi.user)

    response = client.get(URL)

    assert response.status_code == 200
    assert totals(response.content.decode())["units"] == "4"
    assert totals(response.content.decode())["earned"] == rp("0")


def queries_to_render(client, params: dict[str, str]) -> int:
    client.get(URL, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_orders_stories_or_products(
    client, stories, dewi, story, coffee
):
    client.force_login(dewi.user)
    order_of(dewi, story, coffee)
    one = queries_to_render(client, {"period": "all"})

    for number in range(9):
        product = ProductFactory(name=f"Batik {number}")
        page = article(
            stories, title=f"Story {number}", creator=dewi, body=product_cards([product])
        )
        order_of(dewi, page, product, quantity=number + 1)
    html = client.get(URL, {"period": "all"}).content.decode()
    ten = queries_to_render(client, {"period": "all"})

    assert totals(html)["orders"] == "10"
    assert html.count('<a href="/stories/story-') == 9
    assert ten == one


def test_a_creator_sees_their_referral_link_and_the_readers_it_brought(client, dewi, coffee):
    other = CreatorProfile.objects.create(name="Rini", slug="rini")
    Client().get("/", {"ref": dewi.referral_code})
    Client().get(coffee.get_absolute_url(), {"ref": dewi.referral_code, "utm_source": "embed"})
    Client().get("/", {"ref": other.referral_code})
    client.force_login(dewi.user)

    html = client.get(URL).content.decode()

    link = re.search(r'value="([^"]+)"[^>]*data-referral-link', html).group(1)
    assert link == f"http://testserver/?ref={dewi.referral_code}"
    assert other.referral_code not in html
    clicks = dict(re.findall(r'data-clicks="(\w+)">(\d+)<', html))
    assert clicks == {"link": "1", "embed": "1"}
    today = timezone.localdate().isoformat()
    assert re.findall(r'data-day="([\d-]+)"><td>[^<]+</td><td>(\d+)</td><td>(\d+)</td>', html) == [
        (today, "1", "1")
    ]
