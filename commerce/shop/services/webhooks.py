"""Stripe webhooks: verify and read, record the event once, dispatch through a table.

Every event id is stored under a unique constraint, in the transaction that acts on it; a
redelivery of a processed event is recognised and skipped. The handlers themselves lock the
order's row and check what is already done, so the success page racing a webhook, or the
reconcile command, still changes things once. An event the gateway cannot read, or about
another kind of object than its type says, is refused before anything is recorded.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import timezone

from commerce.catalogue.exceptions import CommerceError
from commerce.shop import stripe_gateway
from commerce.shop.exceptions import InvalidWebhook
from commerce.shop.models import StripeEvent
from commerce.shop.services.fulfilment import (
    expire_checkout,
    fail_checkout_payment,
    fulfil_checkout_session,
)
from commerce.shop.services.refunds import record_charge_refunds, record_refund_update
from commerce.shop.stripe_gateway import (
    ChargeRefunds,
    CheckoutSession,
    RefundResult,
    WebhookEvent,
)

logger = logging.getLogger(__name__)


class WebhookOutcome(StrEnum):
    PROCESSED = "processed"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"


@dataclass(frozen=True)
class EventHandler:
    """What an event type must be about, and the service that acts on it."""

    about: type[CheckoutSession | ChargeRefunds | RefundResult]
    act: Callable[[Any], object]


EVENT_HANDLERS: dict[str, EventHandler] = {
    "checkout.session.completed": EventHandler(CheckoutSession, fulfil_checkout_session),
    "checkout.session.async_payment_succeeded": EventHandler(
        CheckoutSession, fulfil_checkout_session
    ),
    "checkout.session.async_payment_failed": EventHandler(CheckoutSession, fail_checkout_payment),
    "checkout.session.expired": EventHandler(CheckoutSession, expire_checkout),
    "charge.refunded": EventHandler(ChargeRefunds, record_charge_refunds),
    # A refund settles (pending → succeeded) or fails, even after it succeeded.
    "charge.refund.updated": EventHandler(RefundResult, record_refund_update),
    "refund.updated": EventHandler(RefundResult, record_refund_update),
    "refund.failed": EventHandler(RefundResult, record_refund_update),
}


def _read_event(payload: bytes, signature: str | None) -> tuple[WebhookEvent, EventHandler | None]:
    """The verified event and its handler (None: ignored); a refusal is logged, without the
    payload (it holds buyers' personal data).

    Raises:
        InvalidWebhook: when the event does not verify, cannot be read, or is about another kind
            of object than its type says.
    """
    try:
        event = stripe_gateway.construct_webhook_event(payload, signature)
        handler = EVENT_HANDLERS.get(event.type)
        if handler is not None and not isinstance(event.subject, handler.about):
            raise InvalidWebhook(f"Event {event.id} is not about what its type says.")
    except InvalidWebhook as error:
        logger.warning("Stripe webhook refused: %s", error.message)
        raise
    return event, handler


def handle_stripe_webhook(payload: bytes, signature: str | None) -> WebhookOutcome:
    """Verify a webhook on its raw body, record its event id and act on it once.

    Raises:
        InvalidWebhook: when the signature does not verify or the event cannot be read (nothing
            is recorded).
        PaymentsNotConfigured: without valid payment settings.
    """
    event, handler = _read_event(payload, signature)
    # One transaction: the event is recorded only with its effects. A concurrent delivery of
    # the same event waits on the unique index until this one commits, then sees it processed.
    with transaction.atomic():
        record, _ = StripeEvent.objects.get_or_create(
            event_id=event.id, defaults={"type": event.type, "object_id": event.object_id}
        )
        if record.processed_at is not None:
            return WebhookOutcome.DUPLICATE
        outcome = _dispatch(event, handler)
        record.processed_at = timezone.now()
        record.save(update_fields=["processed_at"])
    return outcome


def _dispatch(event: WebhookEvent, handler: EventHandler | None) -> WebhookOutcome:
    if handler is None:
        return WebhookOutcome.IGNORED
    try:
        handler.act(event.subject)
    except CommerceError as error:
        # Not ours, or not acceptable: Stripe retrying would not change that.
        logger.warning("Stripe event %s (%s) ignored: %s", event.id, event.type, error)
        return WebhookOutcome.IGNORED
    return WebhookOutcome.PROCESSED
