"""E-mails to buyers."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from commerce.models import Order
from commerce.services.orders import lock_order

logger = logging.getLogger(__name__)


def send_order_confirmation(order: Order) -> bool:
    """Send the paid order's confirmation e-mail unless it was sent; True when this call sent it.

    The order's row lock is held while sending and the "sent" mark is written in the same
    transaction, so concurrent callers (webhook deliveries, the success page) send one e-mail.
    When sending fails nothing is marked, and the next caller tries again.
    """
    with transaction.atomic():
        order = lock_order(order)
        if order.confirmation_sent_at or not order.email or not order.is_paid:
            return False
        context = {"order": order, "lines": list(order.lines.all())}
        message = EmailMessage(
            subject=f"Your Storyshop order {order.reference}",
            body=render_to_string("commerce/emails/order_confirmation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[order.email],
        )
        mailers.default.send_messages([message])
        order.confirmation_sent_at = timezone.now()
        order.save(update_fields=["confirmation_sent_at", "updated_at"])
    logger.info("Sent the confirmation of order %s", order.reference)
    return True
