"""Payment providers' notifications (Stripe's webhooks, Xendit's callbacks, the demo's): verify
and read them, record each once, act on what they are about.

Every notification id is stored under a unique constraint (per provider), in the transaction
that acts on it; a redelivery of a processed one is recognised and skipped. The services it
calls lock the order's row and check what is already done, so the success page racing a
notification, or the reconcile command, still changes things once. A notification the
provider's module cannot verify or read is refused before anything is recorded.
"""

import logging
from collections.abc import Mapping
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from commerce.catalogue.exceptions import CommerceError
from commerce.shop.exceptions import InvalidWebhook
from commerce.shop.models import PaymentEvent
from commerce.shop.payments.contract import Notification
from commerce.shop.payments.registry import provider_named
from commerce.shop.services.fulfilment import settle_checkout
from commerce.shop.services.payouts import record_payout_update
from commerce.shop.services.refunds import record_charge_refunds, record_refund_update

logger = logging.getLogger(__name__)


class WebhookOutcome(StrEnum):
    PROCESSED = "processed"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"


def _read(provider_name: str, body: bytes, headers: Mapping[str, str]) -> Notification:
    """The verified notification; a refusal is logged, without the body (it holds buyers'
    personal data).

    Raises:
        InvalidWebhook: when it does not verify or cannot be read.
    """
    try:
        return provider_named(provider_name).read_notification(body, headers)
    except InvalidWebhook as error:
        logger.warning("%s webhook refused: %s", provider_name.capitalize(), error.message)
        raise


def handle_notification(
    provider_name: str, body: bytes, headers: Mapping[str, str]
) -> WebhookOutcome:
    """Verify a provider's notification on its raw body, record its id and act on it once.

    Raises:
        InvalidWebhook: when it does not verify or cannot be read (nothing is recorded).
        PaymentsNotConfigured: when the provider is not configured.
        PaymentProviderError: when the provider must be asked about it and cannot be (nothing
            is recorded: the provider delivers it again).
    """
    notification = _read(provider_name, body, headers)
    # One transaction: the notification is recorded only with its effects. A concurrent
    # delivery of the same one waits on the unique index until this one commits, then sees it
    # processed.
    with transaction.atomic():
        record, _ = PaymentEvent.objects.get_or_create(
            provider=notification.provider,
            event_id=notification.id,
            defaults={"type": notification.kind, "object_id": notification.object_id},
        )
        if record.processed_at is not None:
            return WebhookOutcome.DUPLICATE
        outcome = _act(notification)
        record.processed_at = timezone.now()
        record.save(update_fields=["processed_at"])
    return outcome


def _act(notification: Notification) -> WebhookOutcome:
    if not notification.is_actionable:
        return WebhookOutcome.IGNORED
    try:
        if notification.checkout is not None:
            settle_checkout(notification.checkout)
        elif notification.refund is not None:
            record_refund_update(notification.refund)
        elif notification.refunded_total is not None:
            record_charge_refunds(notification.refunded_total)
        elif notification.payout is not None:
            record_payout_update(notification.payout)
    except CommerceError as error:
        # Not ours, or not acceptable: the provider retrying would not change that.
        logger.warning(
            "%s notification %s (%s) ignored: %s",
            notification.provider,
            notification.id,
            notification.kind,
            error,
        )
        return WebhookOutcome.IGNORED
    return WebhookOutcome.PROCESSED
