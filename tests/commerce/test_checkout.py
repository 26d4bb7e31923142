"""POST /checkout/ against the Stripe stand-in: server prices, held stock, attribution, failures."""

import pytest
from django.test import Client

from commerce.catalogue.models import ProductVariant
from commerce.shop.models import Order, OrderLine, StockReservation
from storyshop.creators.models import CreatorProfile
from tests.factories import ProductFactory, article, product_cards

pytestmark = pytest.mark.django_db
JSON = {"Accept": "application/json"}


def add_from(client, story, block_id, variant, quantity=1):
    response = client.post(
        "/cart/add/",
        {"variant": variant.pk, "quantity": quantity, "page": story.pk, "block": block_id},
        headers=JSON,
    )
    assert response.status_code == 200, response.content


def test_checkout_opens_a_stripe_session_from_server_prices_and_holds_stock(
    client, stripe_api, story, block_id, coffee
):
    creator = CreatorProfile.objects.create(name="Dewi", slug="dewi", commission_rate="0.100")
    story.creator = creator
    story.save_revision().publish()
    variant = coffee.variants.get()
    add_from(client, story, block_id, variant, quantity=2)

    response = client.post("/checkout/", {"price": "1", "amount": "1"})

    assert response.status_code == 303
    session = stripe_api.sessions()[0]
    assert response["Location"] == session["url"]
    order = Order.objects.get()
    assert order.status == Order.Status.PENDING
    assert order.provider_checkout_id == session["id"]
    assert order.total == 250000
    line = order.lines.get()
    assert (line.source_page_id, line.source_block_id, line.creator, line.credit) == (
        story.pk,
        block_id,
        creator,
        OrderLine.Credit.STORY,
    )
    assert (line.sku, line.quantity, line.unit_price, line.creator) == (
        "KOPI-GAYO-200",
        2,
        125000,
        creator,
    )
    # Stripe got the server's price in IDR minor units, the order reference and the idempotency key.
    request = stripe_api.requests[0]
    assert request.idempotency_key == f"checkout-session-{order.reference}"
    assert request.params["client_reference_id"] == order.reference
    assert request.params["metadata"] == {"order_reference": order.reference}
    item = request.params["line_items"][0]
    assert item["quantity"] == "2"
    assert item["price_data"]["currency"] == "idr"
    assert item["price_data"]["unit_amount"] == "12500000"
    assert session["amount_total"] == 25000000
    variant.refresh_from_db()
    assert variant.stock == 8
    assert StockReservation.objects.get().status == StockReservation.Status.HELD


def test_buy_now_checks_out_one_item_and_leaves_the_cart_alone(
    client, stripe_api, story, block_id, coffee
):
    other = ProductFactory(name="Scarf")
    client.post("/cart/add/", {"variant": other.variants.get().pk, "quantity": 1}, headers=JSON)
    cart_before = client.session["cart"]

    response = client.post(
        "/checkout/",
        {"variant": coffee.variants.get().pk, "quantity": 1, "page": story.pk, "block": block_id},
    )

    assert response.status_code == 303
    assert [line.sku for line in Order.objects.get().lines.all()] == ["KOPI-GAYO-200"]
    assert client.session["cart"] == cart_before


def test_zero_decimal_currency_is_sent_without_minor_units(client, stripe_api, settings):
    settings.STORYSHOP_CURRENCY = "JPY"
    product = ProductFactory(price="1500.00")
    client.post("/cart/add/", {"variant": product.variants.get().pk, "quantity": 2})

    client.post("/checkout/")

    assert stripe_api.requests[0].params["line_items"][0]["price_data"] == {
        "currency": "jpy",
        "unit_amount": "1500",
        "product_data": {"name": product.name, "metadata": {"sku": product.variants.get().sku}},
    }


def test_stripe_failure_keeps_the_cart_puts_the_stock_back_and_says_so(client, stripe_api, coffee):
    variant = coffee.variants.get()
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 3})
    stripe_api.fail_next(500)

    response = client.post("/checkout/")

    assert response.status_code == 502
    assert "nothing was charged" in response.content.decode()
    assert client.session["cart"][0]["quantity"] == 3
    variant.refresh_from_db()
    assert variant.stock == 10
    order = Order.objects.get()
    assert order.status == Order.Status.FAILED
    assert order.reservations.get().status == StockReservation.Status.RELEASED


def test_stripe_timeout_is_a_clear_message_too(client, stripe_api, coffee):
    client.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 1})
    stripe_api.delay_next(2.5)

    response = client.post("/checkout/")

    assert response.status_code == 502
    assert "could not reach our payment provider" in response.content.decode()
    assert ProductVariant.objects.get().stock == 10


def test_a_lost_response_is_retried_with_the_same_idempotency_key_and_opens_one_session(
    client, stripe_api, settings, coffee
):
    settings.STRIPE_MAX_NETWORK_RETRIES = "1"
    client.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 1})
    stripe_api.fail_next(500, after_processing=True)  # Stripe did the work; the answer was lost

    response = client.post("/checkout/")

    assert response.status_code == 303
    assert len(stripe_api.sessions()) == 1
    first, retry = stripe_api.requests
    assert first.idempotency_key == retry.idempotency_key
    assert retry.replayed
    assert Order.objects.get().provider_checkout_id == stripe_api.sessions()[0]["id"]


def test_without_stripe_keys_checkout_refuses_and_records_nothing(client, no_payments, coffee):
    client.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 1})

    response = client.post("/checkout/")

    assert response.status_code == 503
    assert "Payments are not configured" in response.content.decode()
    assert not Order.objects.exists()
    assert ProductVariant.objects.get().stock == 10


def test_empty_cart_cannot_be_checked_out(client, stripe_api):
    response = client.post("/checkout/")

    assert response.status_code == 400
    assert "Your cart is empty." in response.content.decode()
    assert not stripe_api.requests


def test_stock_bought_by_someone_else_meanwhile_is_refused_at_checkout(client, stripe_api, coffee):
    variant = coffee.variants.get()
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 4})
    ProductVariant.objects.filter(pk=variant.pk).update(stock=3)

    response = client.post("/checkout/")

    assert response.status_code == 409
    assert "only 3 left" in response.content.decode()
    assert not Order.objects.exists()
    assert not stripe_api.requests


def test_buy_now_with_bad_input_is_refused(client, stripe_api, coffee):
    response = client.post("/checkout/", {"variant": coffee.variants.get().pk, "quantity": 99})

    assert response.status_code == 400
    assert not Order.objects.exists()


def test_checkout_needs_post_and_csrf(coffee, stripe_api):
    client = Client(enforce_csrf_checks=True)
    assert client.get("/checkout/").status_code == 405
    assert client.post("/checkout/").status_code == 403


def test_cancel_puts_the_stock_back_and_keeps_the_cart(client, stripe_api, coffee):
    variant = coffee.variants.get()
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 2})
    client.post("/checkout/")
    order = Order.objects.get()
    cancel_url = stripe_api.sessions()[0]["cancel_url"]
    assert cancel_url.endswith(f"/checkout/cancel/?order={order.reference}")

    response = client.get(cancel_url)

    assert response.status_code == 200
    assert "Nothing was charged" in response.content.decode()
    assert client.session["cart"][0]["quantity"] == 2
    assert ProductVariant.objects.get().stock == 10
    assert Order.objects.get().status == Order.Status.CANCELLED
    assert stripe_api.sessions()[0]["status"] == "expired"


def test_checking_out_other_lines_frees_the_units_the_first_checkout_held(client, stripe_api):
    last_unit = ProductFactory(stock=1).variants.get()
    client.post("/cart/add/", {"variant": last_unit.pk, "quantity": 1})
    client.post("/checkout/")
    client.post("/cart/add/", {"variant": ProductFactory().variants.get().pk, "quantity": 1})

    response = client.post("/checkout/")

    assert response.status_code == 303
    first, second = Order.objects.order_by("pk")
    assert (first.status, second.status) == (Order.Status.CANCELLED, Order.Status.PENDING)
    assert stripe_api.session(first.provider_checkout_id)["status"] == "expired"
    assert second.lines.count() == 2
    last_unit.refresh_from_db()
    assert last_unit.stock == 0


def test_lines_from_two_stories_keep_their_own_story_and_creator(client, stripe_api, stories):
    creator = CreatorProfile.objects.create(name="Ayu", slug="ayu")
    coffee, batik = ProductFactory(name="Coffee"), ProductFactory(name="Batik")
    first = article(stories, title="Coffee story", body=product_cards([coffee]))
    second = article(stories, title="Batik story", body=product_cards([batik]), creator=creator)
    add_from(client, first, first.body[0].id, coffee.variants.get())
    add_from(client, second, second.body[0].id, batik.variants.get())

    client.post("/checkout/")

    order = Order.objects.get()
    assert [(line.source_page_id, line.creator) for line in order.lines.all()] == [
        (first.pk, None),
        (second.pk, creator),
    ]


@pytest.mark.parametrize(("minutes", "lifetime"), [("30", 32 * 60), ("1440", 24 * 60 * 60 - 120)])
def test_checkouts_live_inside_stripes_window_at_both_ends_of_the_setting(
    client, stripe_api, settings, coffee, minutes, lifetime
):
    settings.STRIPE_CHECKOUT_EXPIRY_MINUTES = minutes
    client.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 1})

    response = client.post("/checkout/")

    assert response.status_code == 303  # the stand-in refuses what Stripe refuses
    session = stripe_api.sessions()[0]
    assert abs(session["expires_at"] - session["created"] - lifetime) <= 2
    order = Order.objects.get()
    assert int(order.reservation_expires_at.timestamp()) == session["expires_at"]


def test_checkout_starts_are_limited_per_client_with_a_clear_429(client, stripe_api, settings):
    settings.STORYSHOP_CHECKOUT_LIMIT = "2"
    variant = ProductFactory(stock=10).variants.get()
    for quantity in (1, 2):
        response = client.post("/checkout/", {"variant": variant.pk, "quantity": quantity})
        assert response.status_code == 303

    refused = client.post("/checkout/", {"variant": variant.pk, "quantity": 3})

    assert refused.status_code == 429
    assert "Too many checkouts were started from your connection" in refused.content.decode()
    assert 0 < int(refused["Retry-After"]) <= 600  # when its 10-minute window closes
    assert Order.objects.count() == 2
    assert len(stripe_api.sessions()) == 2
    other_reader = Client(REMOTE_ADDR="10.9.8.7")
    response = other_reader.post("/checkout/", {"variant": variant.pk, "quantity": 1})
    assert response.status_code == 303


def test_the_same_checkout_sent_again_goes_to_the_same_stripe_page_and_holds_once(
    client, stripe_api
):
    variant = ProductFactory(stock=10).variants.get()

    responses = [
        client.post("/checkout/", {"variant": variant.pk, "quantity": 2}) for _ in range(3)
    ]

    assert [r.status_code for r in responses] == [303] * 3
    assert len({r["Location"] for r in responses}) == 1
    assert Order.objects.get().status == Order.Status.PENDING
    assert len(stripe_api.sessions()) == 1
    variant.refresh_from_db()
    assert variant.stock == 8


def test_a_checkout_replaced_while_stripe_answered_closes_its_session(
    client, stripe_api, monkeypatch
):
    """A double click: the second click closes the first's order while Stripe answers it."""
    from commerce.shop.payments import stripe_gateway

    variant = ProductFactory(stock=10).variants.get()
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 1})  # the reader's session
    create = stripe_gateway.create_checkout_session
    clicks = []

    def second_click_meanwhile(request):
        session = create(request)
        if not clicks:  # quickly, the reader changes the quantity and clicks again
            clicks.append("second")
            clicks.append(client.post("/checkout/", {"variant": variant.pk, "quantity": 2}))
        return session

    monkeypatch.setattr(stripe_gateway, "create_checkout_session", second_click_meanwhile)

    first = client.post("/checkout/", {"variant": variant.pk, "quantity": 1})

    assert first.status_code == 409
    assert "A newer checkout from your browser replaced this one" in first.content.decode()
    assert clicks[1].status_code == 303
    first_order, second_order = Order.objects.order_by("pk")
    assert first_order.status == Order.Status.CANCELLED
    assert stripe_api.session(first_order.provider_checkout_id)["status"] == "expired"
    assert second_order.status == Order.Status.PENDING
    variant.refresh_from_db()
    assert variant.stock == 8


@pytest.mark.parametrize(
    "visit",
    [
        pytest.param(lambda client, order: Client().get(order), id="another-reader"),
        pytest.param(lambda client, order: client.get("/checkout/cancel/"), id="no-order-named"),
        pytest.param(
            lambda client, order: client.get("/checkout/cancel/?order=SS-SOMEONEELS"),
            id="another-order",
        ),
    ],
)
def test_a_cancel_link_from_elsewhere_changes_nothing(client, stripe_api, coffee, visit):
    client.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 2})
    client.post("/checkout/")
    cancel_url = stripe_api.sessions()[0]["cancel_url"]

    response = visit(client, cancel_url)

    assert response.status_code == 200
    assert "Checkout cancelled" not in response.content.decode()
    assert Order.objects.get().status == Order.Status.PENDING
    assert ProductVariant.objects.get().stock == 8
    assert stripe_api.sessions()[0]["status"] == "open"


def test_a_product_left_in_another_currency_cannot_be_bought(client, stripe_api, settings):
    settings.STORYSHOP_CURRENCY = "USD"
    old_price = ProductFactory(name="Old price", currency="IDR").variants.get()

    added = client.post(
        "/cart/add/", {"variant": old_price.pk, "quantity": 1}, headers={"Accept": JSON["Accept"]}
    )
    bought = client.post("/checkout/", {"variant": old_price.pk, "quantity": 1})

    assert added.status_code == bought.status_code == 400
    assert not Order.objects.exists()
    assert not stripe_api.requests
