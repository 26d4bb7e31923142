from decimal import Decimal

import pytest

from tests.factories import ImageFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_product_page_shows_name_price_stock_description_and_tags(client):
    product = ProductFactory(
        name="Toraja Sapan Natural",
        price=Decimal("110000"),
        stock=25,
        description="<p>Dark chocolate and spice.</p>",
    )
    product.tags.add("coffee", "sulawesi")
    product.gallery_images.create(image=ImageFactory(), caption="Drying beds in Sapan")
    product.save()

    response = client.get(f"/products/{product.slug}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Toraja Sapan Natural</h1>" in html
    assert "Rp\u00a0110.000" in html
    assert "In stock" in html
    assert "Dark chocolate and spice." in html
    assert "sulawesi" in html
    assert "Drying beds in Sapan" in html


def test_inactive_product_page_is_not_found(client):
    product = ProductFactory(is_active=False)

    assert client.get(f"/products/{product.slug}/").status_code == 404


def test_unknown_product_is_not_found(client):
    assert client.get("/products/no-such-thing/").status_code == 404
