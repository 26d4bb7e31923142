"""What the cart and checkout views answer: HTML pages, redirects, or JSON when asked."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from commerce.shop.models import ShopSettings
from commerce.shop.payments.registry import payment_choices
from commerce.shop.services.cart import PricedCart, cart_count, price_cart, read_cart
from commerce.shop.services.whatsapp import whatsapp_order_url
from storyshop.links import site_root_url
from storyshop.ratelimits import RateLimit, count_request

View = Callable[..., HttpResponse]


def wants_json(request: HttpRequest) -> bool:
    """True when the client asked for JSON (the progressive-enhancement script does)."""
    return "application/json" in request.headers.get("Accept", "")


def cart_as_json(priced: PricedCart) -> dict[str, Any]:
    return {
        "count": priced.count,
        "currency": priced.currency,
        "total": str(priced.total),
        "lines": [
            {
                "variant": item.line.variant_id,
                "name": str(item.variant) if item.variant else "",
                "sku": item.variant.sku if item.variant else "",
                "quantity": item.line.quantity,
                "unit_price": str(item.unit_price),
                "line_total": str(item.line_total),
                "problem": item.problem,
            }
            for item in priced.lines
        ],
    }


def render_cart(request: HttpRequest, status: int = 200, error: str = "") -> HttpResponse:
    """The cart page (or its JSON), with an optional error explaining what was refused."""
    priced = price_cart(read_cart(request.session))
    if wants_json(request):
        body: dict[str, Any] = {"ok": not error, "cart": cart_as_json(priced)}
        if error:
            body["error"] = error
        return JsonResponse(body, status=status)
    context = {
        "cart": priced,
        "error": error,
        "payment_choices": payment_choices(),
        "whatsapp_url": _whatsapp_url(request, priced),
    }
    return TemplateResponse(request, "commerce/cart_page.html", context, status=status)


def _whatsapp_url(request: HttpRequest, priced: PricedCart) -> str:
    """The "Order via WhatsApp" link of a cart that can be bought, when the Site has a number."""
    if not priced.can_check_out:
        return ""
    number = ShopSettings.for_request(request).whatsapp_digits
    return whatsapp_order_url(number, priced, site_root_url(request)) if number else ""


def refuse(request: HttpRequest, error: str, status: int = 400) -> HttpResponse:
    """Refuse a cart request: nothing was changed, and the answer says why."""
    return render_cart(request, status=status, error=error)


def refuse_for_now(request: HttpRequest, error: str, retry_after: int) -> HttpResponse:
    """Refuse a request over a per-client limit: 429, and when to try again (`Retry-After`)."""
    response = refuse(request, error, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(limit: RateLimit, error: str) -> Callable[[View], View]:
    """Count each request of the view against its client's allowance under `limit`; over it,
    answer with `refuse_for_now` (the cart, or JSON) instead of running the view."""

    def decorate(view: View) -> View:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            verdict = count_request(limit, request)
            if not verdict.allowed:
                return refuse_for_now(request, error, verdict.retry_after)
            return view(request, *args, **kwargs)

        return limited

    return decorate


def cart_changed(request: HttpRequest, message: str) -> HttpResponse:
    """Answer a cart change: JSON with the new count, or back to where the reader was."""
    if wants_json(request):
        return JsonResponse(
            {"ok": True, "message": message, "cart": {"count": cart_count(request.session)}}
        )
    messages.success(request, message)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("commerce:cart")
    return HttpResponseRedirect(next_url, status=303)
