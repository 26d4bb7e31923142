"""`shop` in every template: the cart count and whether payments are on, worked out lazily."""

from functools import cached_property

from django.http import HttpRequest

from commerce.shop.payments.registry import payments_available
from commerce.shop.services.cart import MAX_LINE_QUANTITY, cart_count


class ShopContext:
    """What the header and buy controls show; reads the session only if a template asks."""

    max_line_quantity = MAX_LINE_QUANTITY

    def __init__(self, request: HttpRequest) -> None:
        self._request = request

    @cached_property
    def cart_count(self) -> int:
        session = getattr(self._request, "session", None)
        return cart_count(session) if session is not None else 0

    @cached_property
    def payments_enabled(self) -> bool:
        return payments_available()


def shop(request: HttpRequest) -> dict[str, ShopContext]:
    return {"shop": ShopContext(request)}
