"""`/checkout/`: open the chosen provider's payment page, and the pages it sends the reader back
to. Both return links name the shop's own order reference (`?order=`)."""

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commerce.catalogue.exceptions import CommerceError
from commerce.shop.exceptions import (
    CheckoutInProgress,
    HoldLimitReached,
    InvalidCartRequest,
    OutOfStock,
    PaymentProviderError,
    PaymentsNotConfigured,
    TooManyOpenCheckouts,
    UnknownOrder,
)
from commerce.shop.forms import CartAddForm, CheckoutChoiceForm
from commerce.shop.models import Order
from commerce.shop.payments.registry import payment_choices
from commerce.shop.services.attribution import Buyer, remembered_touch
from commerce.shop.services.cart import (
    CartLine,
    add_to_cart,
    clear_cart,
    line_for_purchase,
    price_cart,
    read_cart,
    replace_cart,
    resolve_source,
)
from commerce.shop.services.checkout import CheckoutUrls, start_checkout
from commerce.shop.services.fulfilment import abandon_reader_checkout, confirm_checkout
from commerce.shop.services.open_checkouts import placed_by, reader_token
from commerce.shop.services.whatsapp import InvalidPayLink, PayLinkExpired, lines_from_pay_link
from commerce.shop.views.responses import rate_limited, refuse, refuse_for_now
from storyshop.ratelimits import CHECKOUT_START, client_key, count_request

# The session remembers the reader's latest checkout: {"order": reference, "from_cart": bool}.
PENDING_CHECKOUT_KEY = "checkout"
ORDER_REFERENCE_PATTERN = re.compile(r"SS-[A-Z0-9]{1,17}")
CONFIRM_FAILED_MESSAGE = (
    "We could not confirm this checkout just now. If you paid, we will e-mail you as soon as we "
    "have; there is no need to pay again."
)
TOO_MANY_CHECKOUTS_MESSAGE = (
    "Too many checkouts were started from your connection in the last few minutes. Your cart is "
    "kept; please wait a few minutes and try again."
)
CHOOSE_HOW_TO_PAY_MESSAGE = "It is in your cart: choose how you would like to pay."
PROVIDER_DOWN_MESSAGE = (
    "We could not reach our payment provider, so nothing was charged. Your cart is kept; "
    "please try again in a moment."
)


def _lines_to_buy(request: HttpRequest) -> tuple[list[CartLine], bool]:
    """The lines to check out: one variant for "Buy now", else the cart; and which it was."""
    if "variant" not in request.POST:
        return read_cart(request.session), True
    form = CartAddForm(request.POST)
    if not form.is_valid():
        raise InvalidCartRequest(form.first_error())
    data = form.cleaned_data
    source = resolve_source(data["page"], data["block"], data["variant"])
    return [line_for_purchase(data["variant"], data["quantity"], source)], False


@require_POST
@rate_limited(CHECKOUT_START, TOO_MANY_CHECKOUTS_MESSAGE)
def start(request: HttpRequest) -> HttpResponse:
    """Open the hosted checkout of the cart (or one "Buy now" item) at the provider the reader
    chose (`provider`); 303 to its payment page. A "Buy now" without a choice while several
    providers are on puts the item in the cart and sends the reader there to choose."""
    try:
        lines, from_cart = _lines_to_buy(request)
    except CommerceError as error:
        return refuse(request, error.message)
    if not from_cart and not request.POST.get("provider") and len(payment_choices()) > 1:
        return _choose_in_cart(request, lines[0])
    return _begin(request, lines, from_cart, Order.Channel.WEB)


def _choose_in_cart(request: HttpRequest, line: CartLine) -> HttpResponse:
    """Add a "Buy now" item to the cart and send the reader to its payment choice."""
    try:
        add_to_cart(request.session, line.variant_id, line.quantity, line.source)
    except (InvalidCartRequest, OutOfStock) as error:
        return refuse(request, error.message)
    messages.info(request, CHOOSE_HOW_TO_PAY_MESSAGE)
    return HttpResponseRedirect(reverse("commerce:cart") + "#checkout", status=303)


@require_http_methods(["GET", "POST"])
def pay_link(request: HttpRequest, token: str) -> HttpResponse:
    """A pay link from a WhatsApp order: its cart, priced now; posted, it becomes the reader's
    cart and its checkout starts (the stock is held only then)."""
    try:
        lines = lines_from_pay_link(token)
    except (InvalidPayLink, PayLinkExpired) as error:
        status = 410 if isinstance(error, PayLinkExpired) else 404
        return TemplateResponse(
            request, "commerce/pay_link.html", {"error": error.message}, status=status
        )
    if request.method == "GET":
        context = {"cart": price_cart(lines), "payment_choices": payment_choices()}
        return TemplateResponse(request, "commerce/pay_link.html", context)
    verdict = count_request(CHECKOUT_START, request)
    if not verdict.allowed:
        return refuse_for_now(request, TOO_MANY_CHECKOUTS_MESSAGE, verdict.retry_after)
    replace_cart(request.session, lines)
    return _begin(request, lines, True, Order.Channel.WHATSAPP)


def _begin(
    request: HttpRequest, lines: list[CartLine], from_cart: bool, channel: str
) -> HttpResponse:
    """Start the checkout of `lines` as the posted choice says; 303 to the payment page, or
    the cart with why not (nothing changed)."""
    urls = CheckoutUrls(
        success_url=request.build_absolute_uri(reverse("commerce:checkout_success")),
        cancel_url=request.build_absolute_uri(reverse("commerce:checkout_cancel")),
    )
    choice = CheckoutChoiceForm(request.POST)
    if not choice.is_valid():
        return refuse(request, choice.first_error())
    try:
        started = start_checkout(
            lines,
            urls,
            reader_token(request.session),
            client_key(request),
            provider_name=choice.cleaned_data["provider"] or None,
            email=choice.cleaned_data["email"],
            channel=channel,
            remembered=remembered_touch(request.COOKIES),
            buyer=Buyer(
                user_id=request.user.pk if request.user.is_authenticated else None,
                email=choice.cleaned_data["email"],
            ),
        )
    except PaymentsNotConfigured as error:
        return refuse(request, error.message, status=503)
    except TooManyOpenCheckouts as error:
        return refuse_for_now(request, error.message, error.retry_after)
    except (OutOfStock, CheckoutInProgress, HoldLimitReached) as error:
        return refuse(request, error.message, status=409)
    except PaymentProviderError:
        return refuse(request, PROVIDER_DOWN_MESSAGE, status=502)
    except CommerceError as error:
        return refuse(request, error.message)
    request.session[PENDING_CHECKOUT_KEY] = {
        "order": started.order.reference,
        "from_cart": from_cart,
    }
    return HttpResponseRedirect(started.payment_url, status=303)


@require_GET
def success(request: HttpRequest) -> HttpResponse:
    """The provider sends the reader here after paying (`?order=<reference>`): confirm the order
    (as its notification would).

    Only the session that placed the order sees its details; anyone else with the link gets a
    neutral thank-you. Reloads do not each ask the provider (see `confirm_checkout`).
    """
    reference = request.GET.get("order", "")
    if not ORDER_REFERENCE_PATTERN.fullmatch(reference):
        return _return_page(request, None, "That link is not a checkout of this shop.", 400)
    try:
        order = confirm_checkout(reference, client_key(request))
    except PaymentsNotConfigured as error:
        return _return_page(request, None, error.message, 503)
    except UnknownOrder:
        return _return_page(request, None, "That checkout is not known to this shop.", 404)
    except CommerceError:  # its message is for staff, not for whoever has the link
        return _return_page(request, None, CONFIRM_FAILED_MESSAGE, 409)
    if not placed_by(request.session, order):
        return _return_page(request, None, "", 200)
    pending = request.session.get(PENDING_CHECKOUT_KEY) or {}
    placed = order.is_paid or order.status == Order.Status.PROCESSING
    if placed and pending.get("order") == order.reference:
        if pending.get("from_cart"):
            clear_cart(request.session)
        del request.session[PENDING_CHECKOUT_KEY]
    return _return_page(request, order, "", 200)


@require_GET
def cancel(request: HttpRequest) -> HttpResponse:
    """The provider sends the reader here when they go back: the cart is kept, the stock put
    back.

    The link names the order (`?order=`); the checkout is closed only when that is the order
    this session is checking out, so a link or redirect from another site changes nothing.
    """
    reference = request.GET.get("order", "")
    pending = request.session.get(PENDING_CHECKOUT_KEY) or {}
    order = None
    if reference and pending.get("order") == reference:
        del request.session[PENDING_CHECKOUT_KEY]
        order = abandon_reader_checkout(reference, reader_token(request.session))
    return TemplateResponse(request, "commerce/checkout_cancel.html", {"order": order})


def _return_page(
    request: HttpRequest, order: Order | None, error: str, status: int
) -> HttpResponse:
    context = {"order": order, "error": error, "lines": order.lines.all() if order else []}
    return TemplateResponse(request, "commerce/checkout_success.html", context, status=status)
