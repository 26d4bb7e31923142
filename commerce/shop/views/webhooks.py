"""`/stripe/webhook/`: Stripe's events, verified on the raw body."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from commerce.shop.exceptions import InvalidWebhook, PaymentsNotConfigured
from commerce.shop.services.webhooks import handle_stripe_webhook


@csrf_exempt  # Stripe cannot send a CSRF token; the signature proves where the body came from.
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Verify, record and act on one Stripe event; 400 (nothing changed) when it does not verify
    or cannot be read, so Stripe stops retrying it."""
    try:
        outcome = handle_stripe_webhook(request.body, request.headers.get("Stripe-Signature"))
    except InvalidWebhook as error:
        return JsonResponse({"error": error.message}, status=400)
    except PaymentsNotConfigured as error:
        return JsonResponse({"error": error.message}, status=503)
    return JsonResponse({"received": True, "outcome": outcome})
