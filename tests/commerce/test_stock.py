"""Stock in the admin: what is held by checkouts, and edits that do not undo readers' checkouts."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from commerce.catalogue.models import ProductVariant
from commerce.shop.models import Order
from commerce.shop.services.stock import reserve_stock
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


def test_a_restock_typed_over_a_stale_number_adds_to_the_stock_as_it_is_now(admin_client):
    variant = ProductFactory(stock=10).variants.get()
    ProductVariant.objects.filter(pk=variant.pk).update(stock=7)  # a checkout held 3 meanwhile

    response = admin_client.post(f"/admin/stock/edit/{variant.pk}/", edit_data(variant, 25, 10))

    assert response.status_code == 302
    variant.refresh_from_db()
    assert variant.stock == 22  # the editor's +15, and the checkout's hold kept


def test_taking_off_more_than_checkouts_left_is_refused_and_changes_nothing(admin_client):
    variant = ProductFactory(stock=10).variants.get()
    ProductVariant.objects.filter(pk=variant.pk).update(stock=2)

    response = admin_client.post(f"/admin/stock/edit/{variant.pk}/", edit_data(variant, 0, 10))

    assert response.status_code == 200
    assert "2 can still be bought, so 10 cannot be taken off" in response.content.decode()
    variant.refresh_from_db()
    assert variant.stock == 2


def test_a_form_without_the_stock_it_showed_is_refused(admin_client):
    variant = ProductFactory(stock=10).variants.get()
    data = edit_data(variant, 25, 10)
    del data["stock-shown"]

    response = admin_client.post(f"/admin/stock/edit/{variant.pk}/", data)

    assert "reload the page" in response.content.decode()
    variant.refresh_from_db()
    assert variant.stock == 10


def reserve(variant: ProductVariant, quantity: int) -> Order:
    """A reader's checkout holds `quantity` units, as POST /checkout/ does."""
    order = Order.objects.create(currency="IDR", total=0)
    reserve_stock(order, {variant.pk: quantity}, timezone.now() + timedelta(minutes=30))
    return order


@pytest.mark.parametrize(("typed", "expected"), [(10, 7), (25, 22), (4, 1)])
def test_a_checkout_between_the_forms_check_and_its_save_is_kept(typed, expected):
    from wagtail.admin.panels import ObjectList

    from commerce.catalogue.admin_views.products import VARIANT_PANELS
    from commerce.catalogue.admin_views.stock_forms import VariantStockForm

    variant = ProductFactory(stock=10).variants.get()
    form_class = (
        ObjectList(VARIANT_PANELS, base_form_class=VariantStockForm)
        .bind_to_model(ProductVariant)
        .get_form_class()
    )
    form = form_class(edit_data(variant, typed, 10), instance=variant)
    assert form.is_valid(), form.errors

    reserve(variant, 3)  # a reader checks out while the save is on its way
    form.save()

    variant.refresh_from_db()
    assert variant.stock == expected


def product_edit_data(product, **variant_fields) -> dict[str, object]:
    variant = product.variants.get()
    data = {
        "name": product.name,
        "slug": product.slug,
        "is_active": "on",
        "description": '{"blocks": [], "entityMap": {}}',
        "price": str(product.price),
        "currency": product.currency,
        "tags": "",
        "variants-TOTAL_FORMS": "1",
        "variants-INITIAL_FORMS": "1",
        "variants-MIN_NUM_FORMS": "1",
        "variants-MAX_NUM_FORMS": "1000",
        "variants-0-id": variant.pk,
        "variants-0-name": variant.name,
        "variants-0-sku": variant.sku,
        "variants-0-stock": 10,
        "variants-0-stock-shown": 10,
        "variants-0-is_active": "on",
        "variants-0-ORDER": "1",
        "gallery_images-TOTAL_FORMS": "0",
        "gallery_images-INITIAL_FORMS": "0",
        "gallery_images-MIN_NUM_FORMS": "0",
        "gallery_images-MAX_NUM_FORMS": "1000",
    }
    data.update({f"variants-0-{name}": value for name, value in variant_fields.items()})
    return data


@pytest.mark.parametrize(("typed", "expected"), [(10, 7), (25, 22)])
def test_saving_the_product_form_keeps_a_checkout_made_while_it_was_open(
    admin_client, typed, expected
):
    product = ProductFactory(stock=10)
    variant = product.variants.get()
    reserve(variant, 3)  # after the editor opened the form showing 10

    response = admin_client.post(
        f"/admin/snippets/catalogue/product/edit/{product.pk}/",
        {**product_edit_data(product, stock=typed), "name": "Renamed"},
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    variant.refresh_from_db()
    product.refresh_from_db()
    assert (product.name, variant.stock) == ("Renamed", expected)


def test_the_product_form_shows_the_stock_with_the_number_it_was_shown_with(admin_client):
    product = ProductFactory(stock=10)

    html = admin_client.get(
        f"/admin/snippets/catalogue/product/edit/{product.pk}/"
    ).content.decode()

    assert 'name="variants-0-stock-shown" value="10"' in html


def test_variants_are_not_added_or_deleted_from_the_stock_listing(admin_client):
    variant = ProductFactory().variants.get()
    new_variant = {**edit_data(variant, 5, 5), "sku": "NEW-1", "product": variant.product_id}

    listing = admin_client.get("/admin/stock/").content.decode()
    add_page = admin_client.get("/admin/stock/new/")
    added = admin_client.post("/admin/stock/new/", new_variant)
    deleted = admin_client.post(f"/admin/stock/delete/{variant.pk}/")

    assert "/admin/stock/new/" not in listing
    assert f"/admin/stock/delete/{variant.pk}/" not in listing
    for refused in (add_page, added, deleted):
        assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert list(ProductVariant.objects.values_list("pk", flat=True)) == [variant.pk]
    assert not ProductVariant.objects.filter(sku="NEW-1").exists()
