"""E-mails to buyers, sent after the payment is committed and never able to undo it."""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from commerce.shop.models import Order
from commerce.shop.services.reviews import REVIEW_LINK_MAX_AGE, review_links

logger = logging.getLogger(__name__)


def confirm_order_after_commit(order: Order) -> None:
    """Send the paid `order`'s confirmation once the current transaction has committed.

    Outside a transaction it is sent at once. A rolled-back payment sends nothing.
    """
    if order.is_paid and order.email and order.confirmation_sent_at is None:
        transaction.on_commit(partial(send_order_confirmation, order.pk), robust=True)


def send_order_confirmation(order_id: int) -> bool:
    """Send a paid order's confirmation e-mail unless it was sent; True when this call sent it.

    The sender claims the order first with a conditional UPDATE of `confirmation_sent_at`, so of
    any number of concurrent callers (webhook deliveries, the success page, reconcile) exactly
    one sends. A mail failure is logged and gives the claim back for `reconcile_payments` to
    retry; it never reaches the caller, so it cannot undo a payment or fail a webhook.
    """
    claimed_at = timezone.now()
    claimed = (
        Order.objects.filter(
            pk=order_id, confirmation_sent_at__isnull=True, status__in=Order.PAID_STATUSES
        )
        .exclude(email="")
        .update(confirmation_sent_at=claimed_at)
    )
    if not claimed:
        return False
    order = Order.objects.get(pk=order_id)
    try:
        lines = list(order.lines.select_related("variant"))
        context = {
            "order": order,
            "lines": lines,
            "review_links": review_links(order, lines),
            "review_days": REVIEW_LINK_MAX_AGE.days,
        }
        message = EmailMessage(
            subject=f"Your Storyshop order {order.reference}",
            body=render_to_string("commerce/emails/order_confirmation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[order.email],
        )
        mailers.default.send_messages([message])
    except Exception:  # any mail failure (SMTP, DNS, socket): the payment stands regardless
        logger.exception(
            "Could not send the confirmation of order %s; reconcile_payments will retry",
            order.reference,
        )
        Order.objects.filter(pk=order_id, confirmation_sent_at=claimed_at).update(
            confirmation_sent_at=None
        )
        return False
    logger.info("Sent the confirmation of order %s", order.reference)
    return True


def unconfirmed_orders(paid_since: timedelta) -> QuerySet[Order]:
    """Orders paid in the last `paid_since` whose confirmation e-mail was never sent."""
    return Order.objects.filter(
        status__in=Order.PAID_STATUSES,
        paid_at__gte=timezone.now() - paid_since,
        confirmation_sent_at__isnull=True,
    ).exclude(email="")
