import re

import pytest

from commerce.catalogue.models import Product
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_product_listing_shows_price_and_stock(admin_client):
    ProductFactory(name="Lulur Body Scrub", stock=40)

    response = admin_client.get("/admin/snippets/catalogue/product/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Lulur Body Scrub" in html
    assert "125000" in html
    assert re.search(r"<td[^>]*>\s*40\s*</td>", html)


def test_editor_creates_a_product_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/snippets/catalogue/product/add/",
        {
            "name": "Kintamani Honey Process",
            "slug": "kintamani-honey-process",
            "is_active": "on",
            "description": '{"blocks": [], "entityMap": {}}',
            "price": "98000",
            "currency": "USD",
            "tags": "coffee, bali",
            "variants-TOTAL_FORMS": "1",
            "variants-INITIAL_FORMS": "0",
            "variants-MIN_NUM_FORMS": "1",
            "variants-MAX_NUM_FORMS": "1000",
            "variants-0-name": "200 g",
            "variants-0-sku": "KOPI-KINTAMANI-200",
            "variants-0-stock": "4",
            "variants-0-is_active": "on",
            "variants-0-ORDER": "1",
            "gallery_images-TOTAL_FORMS": "0",
            "gallery_images-INITIAL_FORMS": "0",
            "gallery_images-MIN_NUM_FORMS": "0",
            "gallery_images-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302
    product = Product.objects.get(slug="kintamani-honey-process")
    assert product.currency == "IDR"  # the shop's; the posted "USD" is not read
    assert product.variants.get().sku == "KOPI-KINTAMANI-200"
    assert product.stock == 4
    assert sorted(product.tags.names()) == ["bali", "coffee"]


def test_anonymous_visitors_cannot_open_the_catalogue_admin(client):
    response = client.get("/admin/snippets/catalogue/product/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_product_form_prices_in_the_shops_currency_without_a_currency_field(admin_client):
    html = admin_client.get("/admin/snippets/catalogue/product/add/").content.decode()

    assert 'name="price"' in html
    assert 'name="currency"' not in html


def test_a_product_in_another_currency_than_the_shops_does_not_validate():
    from django.core.exceptions import ValidationError

    product = ProductFactory(currency="JPY")

    with pytest.raises(ValidationError, match="priced in JPY, but the shop sells in IDR"):
        product.clean()


def test_the_checks_report_products_in_another_currency_than_the_shops(settings):
    from django.core.management import call_command

    from commerce.catalogue.checks import check_product_currencies

    ProductFactory(slug="kopi-gayo")
    ProductFactory(slug="old-matcha", currency="JPY")

    (warning,) = check_product_currencies(databases=["default"])

    assert warning.id == "commerce.W001"
    assert "another currency than STORYSHOP_CURRENCY=IDR (1): old-matcha (JPY)." in warning.msg
    assert check_product_currencies() == []  # plain `check` does not query the database
    settings.STORYSHOP_CURRENCY = "JPY"
    assert "kopi-gayo (IDR)" in check_product_currencies(databases=["default"])[0].msg
    call_command("check")  # a warning, not an error: it does not stop the site
