"""Payment providers' endpoints: Stripe's webhook, Xendit's invoice callback, and the demo
provider's page and notifications (development and the demo only: 404 elsewhere). Each
notification goes through one path (`handle_notification`): verified, stored once, acted on."""

from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from commerce.catalogue.money import from_minor_units
from commerce.shop.exceptions import (
    ForgedWebhook,
    InvalidWebhook,
    PaymentProviderError,
    PaymentProviderRefused,
    PaymentsNotConfigured,
)
from commerce.shop.models import DemoCheckout
from commerce.shop.payments.demo_provider import METHODS, DemoProvider
from commerce.shop.services.demo_payments import pay_on_demo_page
from commerce.shop.services.webhooks import handle_notification


def _answer_notification(provider: str, request: HttpRequest, forged_status: int) -> HttpResponse:
    """Verify, record and act on one notification: 200 once acted on (or known); 4xx (nothing
    changed) when it does not verify (`forged_status`) or cannot be read (400); 503 when the
    provider must be asked about it and cannot be (it delivers it again)."""
    try:
        outcome = handle_notification(provider, request.body, request.headers)
    except ForgedWebhook as error:
        return JsonResponse({"error": error.message}, status=forged_status)
    except InvalidWebhook as error:
        return JsonResponse({"error": error.message}, status=400)
    except (PaymentsNotConfigured, PaymentProviderError) as error:
        return JsonResponse({"error": error.message}, status=503)
    return JsonResponse({"received": True, "outcome": outcome})


@csrf_exempt  # Stripe cannot send a CSRF token; the signature proves where the body came from.
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Stripe's events, verified on the raw body; 400 when one does not verify or cannot be
    read, so Stripe stops retrying it."""
    return _answer_notification("stripe", request, forged_status=400)


@csrf_exempt  # Xendit sends no CSRF token; its callback token and the invoice re-read prove it.
@require_POST
def xendit_callback(request: HttpRequest) -> HttpResponse:
    """Xendit's invoice callback: token checked, then the invoice re-read from Xendit."""
    return _answer_notification("xendit", request, forged_status=403)


def _demo_on() -> None:
    if not DemoProvider().is_enabled():
        raise Http404("There is no demo payment provider here.")


@csrf_exempt  # the signature proves where the body came from
@require_POST
def demo_notification(request: HttpRequest) -> HttpResponse:
    """The demo provider's notifications, signed like a real provider's."""
    _demo_on()
    return _answer_notification("demo", request, forged_status=400)


@require_http_methods(["GET", "POST"])
def demo_page(request: HttpRequest, checkout_id: str) -> HttpResponse:
    """The demo provider's payment page: the reader picks a way to pay, then pays or makes the
    payment fail; either way they go back to the shop's return page."""
    _demo_on()
    checkout = DemoCheckout.objects.filter(checkout_id=checkout_id).first()
    if checkout is None:
        raise Http404("No such demo checkout.")
    error = ""
    if request.method == "POST":
        outcome = request.POST.get("outcome")
        try:
            if outcome not in ("pay", "fail"):
                raise PaymentProviderRefused("Choose to pay or to make the payment fail.")
            pay_on_demo_page(checkout_id, outcome == "pay", request.POST.get("method", ""))
        except PaymentProviderRefused as error_:
            error = error_.message
        else:
            return HttpResponseRedirect(checkout.success_url, status=303)
    context = {
        "checkout": checkout,
        "amount": from_minor_units(checkout.amount, checkout.currency) or Decimal(0),
        "methods": METHODS,
        "error": error,
    }
    return TemplateResponse(
        request, "commerce/demo_payment.html", context, status=400 if error else 200
    )
