"""The demo shop works locally without Stripe keys, and says so instead of pretending."""

from io import StringIO

import pytest
from django.core.management import call_command

from commerce.catalogue.models import Product
from commerce.shop.models import Order
from content.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_demo_story_sells_into_a_cart_that_explains_payments_are_off(client, no_payments):
    call_command("load_demo", stdout=StringIO())
    story = ArticlePage.objects.live().get(slug="gayo-to-your-cup")
    block = next(block for block in story.body if block.block_type == "product_card")
    variant = Product.objects.get(pk=block.value["product"]).variants.first()

    html = client.get(story.url).content.decode()
    added = client.post(
        "/cart/add/",
        {"variant": variant.pk, "quantity": 2, "page": story.pk, "block": block.id},
        headers={"Accept": "application/json"},
    )
    cart = client.get("/cart/").content.decode()
    checkout = client.post("/checkout/")

    assert "Add to cart" in html
    assert "Payments are not configured" in html
    assert added.json()["cart"]["count"] == 2
    assert "Payments are not configured" in cart
    assert checkout.status_code == 503
    assert not Order.objects.exists()


def test_demo_products_have_stock_to_sell_and_some_sold_out_or_low():
    call_command("load_demo", stdout=StringIO())
    stocks = {product.slug: product.stock for product in Product.objects.for_cards()}

    assert sum(stocks.values()) > 100
    assert stocks["java-preanger-espresso"] == 0
    assert 0 < stocks["kintamani-honey-process"] <= 5
