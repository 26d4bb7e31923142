from decimal import Decimal

import pytest

from commerce.catalogue.exceptions import MoneyError
from commerce.catalogue.money import format_money, from_minor_units, to_minor_units


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Decimal("85000"), "IDR", "Rp\u00a085.000"),
        (Decimal("1250000.40"), "IDR", "Rp\u00a01.250.000"),
        (Decimal("12.5"), "USD", "$12.50"),
        (Decimal("1234.567"), "EUR", "€1.234,57"),
        (Decimal("500"), "JPY", "¥500"),
        (Decimal("-3"), "usd", "-$3.00"),
        (Decimal("9.99"), "CHF", "CHF\u00a09.99"),
    ],
)
def test_prices_are_written_the_way_readers_of_the_currency_expect(amount, currency, expected):
    assert format_money(amount, currency) == expected


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        (Decimal("85000"), "IDR", 8500000),  # Stripe treats IDR as two-decimal
        (Decimal("12.34"), "usd", 1234),
        (Decimal("500"), "JPY", 500),  # zero-decimal
        (Decimal("77000"), "VND", 77000),
        (Decimal("5.12"), "KWD", 5120),  # three-decimal, last digit 0
        (Decimal("1500"), "ISK", 150000),  # two-decimal in the API, whole krónur only
    ],
)
def test_amounts_cross_to_stripe_in_the_currencys_minor_units(amount, currency, minor):
    assert to_minor_units(amount, currency) == minor
    assert from_minor_units(minor, currency) == amount


@pytest.mark.parametrize(
    ("amount", "currency"),
    [
        (Decimal("500.5"), "JPY"),
        (Decimal("1.005"), "USD"),
        (Decimal("1.234"), "KWD"),
        (Decimal("10.50"), "ISK"),
    ],
)
def test_amounts_stripe_cannot_take_are_refused(amount, currency):
    with pytest.raises(MoneyError):
        to_minor_units(amount, currency)
