import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from commerce.models import Product
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("stock", "status", "label"),
    [
        (0, Product.StockStatus.SOLD_OUT, "Sold out"),
        (1, Product.StockStatus.LOW_STOCK, "Only 1 left"),
        (5, Product.StockStatus.LOW_STOCK, "Only 5 left"),
        (6, Product.StockStatus.IN_STOCK, "In stock"),
    ],
)
def test_stock_state_tells_readers_whether_they_can_buy(stock, status, label):
    product = ProductFactory.build(stock=stock)

    assert product.stock_status == status
    assert product.stock_label == label


@override_settings(STORYSHOP_CURRENCY="SGD")
def test_new_products_take_the_site_currency():
    assert Product().currency == "SGD"


@pytest.mark.parametrize(
    ("field", "value"),
    [("price", "-1"), ("currency", "rupiah"), ("sku", "has spaces"), ("sku", "")],
)
def test_invalid_product_fields_are_rejected(field, value):
    product = ProductFactory.build(**{field: value})

    with pytest.raises(ValidationError) as error:
        product.full_clean(exclude=["image"])

    assert field in error.value.message_dict
