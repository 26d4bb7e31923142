"""Settling by hand an order the shop could not take as the provider reported it ("Needs
attention": another amount or currency was paid). A person decides: accept the payment as it
is, or close the order because the money was given back outside the shop."""

from django.db import models, transaction

from commerce.shop.exceptions import OrderNotSettleable
from commerce.shop.models import Order
from commerce.shop.services.fulfilment import mark_paid
from commerce.shop.services.notifications import confirm_order_after_commit
from commerce.shop.services.orders import lock_order, record_status


class Settlement(models.TextChoices):
    """What staff decided about an order that needs attention."""

    ACCEPT = "accept", "Accept the payment as it is: the order is paid"
    CLOSE = "close", "Close it: the money was given back outside the shop"


def settle_by_hand(order: Order, settlement: Settlement, note: str) -> Order:
    """Settle an order that needs attention as staff decided, with their `note` in its history.

    Accepting it takes its stock again (its hold was released; a shortfall is noted), marks it
    paid, records the commissions and sends the confirmation once committed. Closing it marks
    it cancelled; its stock was already put back. Safe to repeat: a settled order is refused.

    Raises:
        OrderNotSettleable: when the order does not need attention (any more).
    """
    with transaction.atomic():
        order = lock_order(order)
        if order.status != Order.Status.NEEDS_ATTENTION:
            raise OrderNotSettleable(
                f"Order {order.reference} is {order.get_status_display().lower()}: only an "
                "order that needs attention is settled by hand."
            )
        if settlement == Settlement.ACCEPT:
            mark_paid(order, f"Payment accepted by hand: {note}")
            confirm_order_after_commit(order)
        else:
            record_status(order, Order.Status.CANCELLED, f"Closed by hand: {note}")
    return order
