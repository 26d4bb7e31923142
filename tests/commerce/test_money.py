from decimal import Decimal

import pytest

from commerce.money import format_money


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
