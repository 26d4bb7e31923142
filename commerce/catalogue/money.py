"""Money per currency: display for readers, integer minor units for Stripe; always Decimal."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from commerce.catalogue.exceptions import MoneyError


@dataclass(frozen=True)
class CurrencyFormat:
    """How a currency's amounts are written for readers."""

    symbol: str
    decimals: int
    thousands: str
    decimal_point: str


# Rupiah prices are written without cents ("Rp 85.000"), as Indonesian shops do.
CURRENCY_FORMATS: dict[str, CurrencyFormat] = {
    "IDR": CurrencyFormat("Rp\u00a0", 0, ".", ","),
    "USD": CurrencyFormat("$", 2, ",", "."),
    "EUR": CurrencyFormat("€", 2, ".", ","),
    "SGD": CurrencyFormat("S$", 2, ",", "."),
    "MYR": CurrencyFormat("RM\u00a0", 2, ",", "."),
    "JPY": CurrencyFormat("¥", 0, ",", "."),
}


def format_money(amount: Decimal, currency: str) -> str:
    """Return `amount` written the way readers of `currency` expect, e.g. "Rp 85.000"."""
    currency = currency.upper()
    style = CURRENCY_FORMATS.get(currency, CurrencyFormat(f"{currency}\u00a0", 2, ",", "."))
    quantum = Decimal(1).scaleb(-style.decimals)
    rounded = Decimal(amount).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", style.thousands)
    text = f"{grouped}{style.decimal_point}{fraction}" if style.decimals else grouped
    return f"{sign}{style.symbol}{text}"


# Minor units per currency at the Stripe boundary (https://docs.stripe.com/currencies).
# Stripe's zero-decimal currencies take the amount as is: ¥500 is 500.
ZERO_DECIMAL_CURRENCIES = frozenset(
    {
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
        "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    }
)  # fmt: skip
# Three-decimal currencies take thousandths, and Stripe requires the last digit to be 0.
THREE_DECIMAL_CURRENCIES = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})
# Stripe's special cases where charges stay two-decimal in the API but must be whole units
# (a multiple of 100 minor units): ISK since 2023. (HUF and TWD are whole-unit only for
# payouts, which the shop does not make, so they are plain two-decimal here.)
WHOLE_UNIT_TWO_DECIMAL_CURRENCIES = frozenset({"ISK"})


def minor_unit_exponent(currency: str) -> int:
    """Return how many decimal places Stripe's integer amounts carry for `currency`."""
    currency = currency.upper()
    if currency in ZERO_DECIMAL_CURRENCIES:
        return 0
    if currency in THREE_DECIMAL_CURRENCIES:
        return 3
    return 2


def to_minor_units(amount: Decimal, currency: str) -> int:
    """Return `amount` as the integer Stripe expects, e.g. Rp 85.000 → 8500000, ¥500 → 500.

    Raises:
        MoneyError: when the amount has more precision than Stripe accepts for the currency.
    """
    currency = currency.upper()
    scaled = Decimal(amount).scaleb(minor_unit_exponent(currency))
    if scaled != scaled.to_integral_value():
        raise MoneyError(f"{amount} {currency} has more decimals than {currency} allows.")
    minor = int(scaled)
    if currency in THREE_DECIMAL_CURRENCIES and minor % 10:
        raise MoneyError(f"{amount} {currency}: Stripe needs three-decimal amounts rounded to 10.")
    if currency in WHOLE_UNIT_TWO_DECIMAL_CURRENCIES and minor % 100:
        raise MoneyError(f"{amount} {currency}: Stripe only accepts whole {currency}.")
    return minor


def from_minor_units(minor: int, currency: str) -> Decimal:
    """Return the Decimal amount for Stripe's integer `minor` amount in `currency`."""
    return Decimal(minor).scaleb(-minor_unit_exponent(currency))
