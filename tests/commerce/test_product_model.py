from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from commerce.catalogue.models import Product, ProductVariant
from tests.factories import ProductFactory, ProductVariantFactory

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
    product = Product(price=Decimal("1"), variants=[ProductVariant(sku="A", stock=stock)])

    assert product.stock_status == status
    assert product.stock_label == label


@override_settings(STORYSHOP_CURRENCY="SGD")
def test_new_products_take_the_site_currency():
    assert Product().currency == "SGD"


@pytest.mark.parametrize(("field", "value"), [("price", "-1"), ("currency", "rupiah")])
def test_invalid_product_fields_are_rejected(field, value):
    product = ProductFactory.build(**{field: value})

    with pytest.raises(ValidationError) as error:
        product.full_clean(exclude=["image"])

    assert field in error.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"), [("sku", "has spaces"), ("sku", ""), ("price_override", "-5")]
)
def test_invalid_variant_fields_are_rejected(field, value):
    variant = ProductVariantFactory.build(product=ProductFactory(), **{field: value})

    with pytest.raises(ValidationError) as error:
        variant.full_clean()

    assert field in error.value.message_dict


def test_variants_sell_at_their_own_price_or_the_products():
    product = ProductFactory(price=Decimal("125000"), stock=40)
    ProductVariantFactory(product=product, name="1 kg", price_override=Decimal("520000"), stock=8)
    product = Product.objects.for_cards().get(pk=product.pk)

    assert [variant.price for variant in product.sellable_variants] == [
        Decimal("125000"),
        Decimal("520000"),
    ]
    assert product.price_from == Decimal("125000")
    assert product.has_price_range
    assert product.stock == 48


def test_inactive_variants_are_not_sold():
    product = ProductFactory(stock=3)
    ProductVariantFactory(product=product, stock=50, is_active=False)
    product = Product.objects.for_cards().get(pk=product.pk)

    assert product.stock == 3
    assert len(product.sellable_variants) == 1
