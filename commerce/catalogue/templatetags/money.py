from decimal import Decimal

from django import template

from commerce.catalogue.money import format_money

register = template.Library()


@register.filter(name="money")
def money_filter(amount: Decimal | None, currency: str) -> str:
    """`{{ product.price|money:product.currency }}` → "Rp 85.000"."""
    if amount is None:
        return ""
    return format_money(amount, currency)
