"""Stripe webhooks: verify, record the event once, dispatch through a table.

Every event id is stored under a unique constraint, in the transaction that acts on it; a
redelivery of a processed event is recognised and skipped. The handlers themselves lock the
order's row and check what is already done, so the success page racing a webhook, or the
reconcile command, still changes things once.
"""

import logging
from collections.abc import Callable
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from commerce.catalogue.exceptions import CommerceError
from commerce.shop import stripe_gateway
from commerce.shop.models import StripeEvent
from commerce.shop.services.fulfilment import (
    expire_checkout,
    fail_checkout_payment,
    fulfil_checkout_session,
)
from commerce.shop.services.refunds import record_charge_refunds, record_refund_update
from commerce.shop.stripe_gateway import WebhookEvent

logger = logging.getLogger(__name__)


class WebhookOutcome(StrEnum):
    PROCESSED = "processed"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"


def _on_session_paid(event: WebhookEvent) -> None:
    fulfil_checkout_session(stripe_gateway.checkout_session_from_event(event))


def _on_session_payment_failed(event: WebhookEvent) -> None:
    fail_checkout_payment(stripe_gateway.checkout_session_from_event(event))


def _on_session_expired(event: WebhookEvent) -> None:
    expire_checkout(stripe_gateway.checkout_session_from_event(event))


def _on_charge_refunded(event: WebhookEvent) -> None:
    record_charge_refunds(stripe_gateway.charge_refunds_from_event(event))


def _on_refund_updated(event: WebhookEvent) -> None:
    record_refund_update(stripe_gateway.refund_from_event(event))


EVENT_HANDLERS: dict[str, Callable[[WebhookEvent], None]] = {
    "checkout.session.completed": _on_session_paid,
    "checkout.session.async_payment_succeeded": _on_session_paid,
    "checkout.session.async_payment_failed": _on_session_payment_failed,
    "checkout.session.expired": _on_session_expired,
    "charge.refunded": _on_charge_refunded,
    # A refund settles (pending → succeeded) or fails, even after it succeeded.
    "charge.refund.updated": _on_refund_updated,
    "refund.updated": _on_refund_updated,
    "refund.failed": _on_refund_updated,
}


def handle_stripe_webhook(payload: bytes, signature: str | None) -> WebhookOutcome:
    """Verify a webhook on its raw body, record its event id and act on it once.

    Raises:
        InvalidWebhook: when the signature does not verify (nothing is recorded).
        PaymentsNotConfigured: without valid payment settings.
    """
    event = stripe_gateway.construct_webhook_event(payload, signature)
    # One transaction: the event is recorded only with its effects. A concurrent delivery of
    # the same event waits on the unique index until this one commits, then sees it processed.
    with transaction.atomic():
        record, _ = StripeEvent.objects.get_or_create(
            event_id=event.id, defaults={"type": event.type, "object_id": event.object_id}
        )
        if record.processed_at is not None:
            return WebhookOutcome.DUPLICATE
        outcome = _dispatch(event)
        record.processed_at = timezone.now()
        record.save(update_fields=["processed_at"])
    return outcome


def _dispatch(event: WebhookEvent) -> WebhookOutcome:
    handler = EVENT_HANDLERS.get(event.type)
    if handler is None:
        return WebhookOutcome.IGNORED
    try:
        handler(event)
    except CommerceError as error:
        # Not ours, or not acceptable: Stripe retrying would not change that.
        logger.warning("Stripe event %s (%s) ignored: %s", event.id, event.type, error)
        return WebhookOutcome.IGNORED
    return WebhookOutcome.PROCESSED
