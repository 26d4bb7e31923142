"""`/cart/`: the session cart. Forms that work without JavaScript, JSON when asked."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_POST

from commerce.shop.exceptions import InvalidCartRequest, OutOfStock
from commerce.shop.forms import CartAddForm, CartRemoveForm, CartUpdateForm
from commerce.shop.services.cart import (
    add_to_cart,
    remove_from_cart,
    resolve_source,
    update_cart_line,
)
from commerce.shop.views.responses import cart_changed, rate_limited, refuse, render_cart
from storyshop.ratelimits import CART

TOO_MANY_CHANGES_MESSAGE = (
    "Your cart was changed too often from your connection in the last minute; please wait a "
    "moment and try again."
)


@require_GET
def cart_page(request: HttpRequest) -> HttpResponse:
    """The cart: lines priced by the server now, and the checkout button."""
    return render_cart(request)


@require_POST
@rate_limited(CART, TOO_MANY_CHANGES_MESSAGE)
def add(request: HttpRequest) -> HttpResponse:
    """Add a variant to the cart, remembering the story and block it was added from."""
    form = CartAddForm(request.POST)
    if not form.is_valid():
        return refuse(request, form.first_error())
    data = form.cleaned_data
    try:
        source = resolve_source(data["page"], data["block"], data["variant"])
        line = add_to_cart(request.session, data["variant"], data["quantity"], source)
    except (InvalidCartRequest, OutOfStock) as error:
        return refuse(request, error.message)
    return cart_changed(request, f"Added to your cart ({line.quantity} in it now).")


@require_POST
@rate_limited(CART, TOO_MANY_CHANGES_MESSAGE)
def update(request: HttpRequest) -> HttpResponse:
    """Set the quantity of a line in the cart."""
    form = CartUpdateForm(request.POST)
    if not form.is_valid():
        return refuse(request, form.first_error())
    data = form.cleaned_data
    try:
        update_cart_line(request.session, data["variant"], data["quantity"])
    except (InvalidCartRequest, OutOfStock) as error:
        return refuse(request, error.message)
    return cart_changed(request, "Your cart is updated.")


@require_POST
@rate_limited(CART, TOO_MANY_CHANGES_MESSAGE)
def remove(request: HttpRequest) -> HttpResponse:
    """Take a line out of the cart."""
    form = CartRemoveForm(request.POST)
    if not form.is_valid():
        return refuse(request, form.first_error())
    try:
        remove_from_cart(request.session, form.cleaned_data["variant"])
    except InvalidCartRequest as error:
        return refuse(request, error.message)
    return cart_changed(request, "Removed from your cart.")
