"""Money display per currency; amounts are always Decimal."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


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
