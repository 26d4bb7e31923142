"""Stock in the admin: what is held by checkouts, and edits that do not undo readers' checkouts."""

import re

import pytest

from commerce.models import Order, ProductVariant
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def edit_data(variant: ProductVariant, stock: int, shown: int) -> dict[str, object]:
    return {
        "name": variant.name,
        "sku": variant.sku,
        "size": "",
        "colour": "",
        "price_override": "",
        "stock": stock,
        "stock-shown": shown,
        "is_active": "on",
    }


def test_stock_listing_shows_what_can_be_bought_and_what_checkouts_hold(
    admin_client, client, stripe_api
):
    variant = ProductFactory(name="Lulur Scrub", stock=10, sku="LULUR-200").variants.get()
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 3})
    client.post("/checkout/")

    html = admin_client.get("/admin/stock/").content.decode()

    assert "LULUR-200" in html
    assert re.search(r"<td[^>]*>\s*7\s*</td>", html)
    assert re.search(r"<td[^>]*>\s*3\s*</td>", html)


def test_stock_listing_searches_skus_and_filters_sold_out(admin_client):
    ProductFactory(name="Gayo", sku="KOPI-GAYO", stock=0)
    ProductFactory(name="Toraja", sku="KOPI-TORAJA", stock=20)

    found = admin_client.get("/admin/stock/", {"q": "toraja"}).content.decode()
    sold_out = admin_client.get("/admin/stock/", {"stock_state": "sold_out"}).content.decode()

    assert "KOPI-TORAJA" in found
    assert "KOPI-GAYO" not in found
    assert "KOPI-GAYO" in sold_out
    assert "KOPI-TORAJA" not in sold_out


def test_an_edit_that_leaves_stock_alone_keeps_what_checkouts_did_meanwhile(admin_client):
    variant = ProductFactory(stock=10).variants.get()
    ProductVariant.objects.filter(pk=variant.pk).update(stock=7)  # a checkout held 3 meanwhile

    response = admin_client.post(
        f"/admin/stock/edit/{variant.pk}/", {**edit_data(variant, 10, 10), "name": "200 g"}
    )

    assert response.status_code == 302
    variant.refresh_from_db()
    assert (variant.name, variant.stock) == ("200 g", 7)


def test_a_stock_change_made_to_a_stale_number_is_refused(admin_client):
    variant = ProductFactory(stock=10).variants.get()
    ProductVariant.objects.filter(pk=variant.pk).update(stock=7)

    response = admin_client.post(f"/admin/stock/edit/{variant.pk}/", edit_data(variant, 25, 10))

    assert response.status_code == 200
    assert "changed this stock from 10 to 7" in response.content.decode()
    variant.refresh_from_db()
    assert variant.stock == 7


def test_a_restock_from_the_current_number_is_saved(admin_client):
    variant = ProductFactory(stock=10).variants.get()

    admin_client.post(f"/admin/stock/edit/{variant.pk}/", edit_data(variant, 25, 10))

    variant.refresh_from_db()
    assert variant.stock == 25


def test_the_product_form_shows_the_stock_with_the_number_it_was_shown_with(admin_client):
    product = ProductFactory(stock=10)

    html = admin_client.get(f"/admin/snippets/commerce/product/edit/{product.pk}/").content.decode()

    assert 'name="variants-0-stock-shown" value="10"' in html


def test_variants_are_not_added_or_deleted_from_the_stock_listing(admin_client):
    variant = ProductFactory().variants.get()

    assert admin_client.get("/admin/stock/new/").status_code == 302
    assert admin_client.post(f"/admin/stock/delete/{variant.pk}/").status_code == 302
    assert ProductVariant.objects.filter(pk=variant.pk).exists()
    assert not Order.objects.exists()
