import re

import pytest

from commerce.models import Product
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_product_listing_shows_price_and_stock(admin_client):
    ProductFactory(name="Lulur Body Scrub", stock=40)

    response = admin_client.get("/admin/snippets/commerce/product/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Lulur Body Scrub" in html
    assert "125000" in html
    assert re.search(r"<td[^>]*>\s*40\s*</td>", html)


def test_editor_creates_a_product_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/snippets/commerce/product/add/",
        {
            "name": "Kintamani Honey Process",
            "slug": "kintamani-honey-process",
            "is_active": "on",
            "description": '{"blocks": [], "entityMap": {}}',
            "price": "98000",
            "currency": "IDR",
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
    assert product.variants.get().sku == "KOPI-KINTAMANI-200"
    assert product.stock == 4
    assert sorted(product.tags.names()) == ["bali", "coffee"]


def test_anonymous_visitors_cannot_open_the_catalogue_admin(client):
    response = client.get("/admin/snippets/commerce/product/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
