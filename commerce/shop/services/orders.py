"""Order status changes, each recorded in the order's history."""

from commerce.shop.models import Order, OrderStatusChange
from commerce.shop.order_status import check_status_change


def record_status(order: Order, status: str, note: str = "") -> None:
    """Move `order` to `status` (saving it) and add the step to its history.

    Callers hold the order's row lock inside a transaction. Leaving "pending", the order forgets
    its client (`client_token`): it only counted the stock the checkout held.

    Raises:
        InvalidStatusChange: for a move `commerce.shop.order_status` does not allow (nothing
            is saved).
    """
    check_status_change(order, status)
    order.status = status
    if status != Order.Status.PENDING:
        order.client_token = ""
    order.save()
    OrderStatusChange.objects.create(order=order, status=status, note=note[:255])


def lock_order(order: Order) -> Order:
    """Return `order` reloaded under a row lock (PostgreSQL); call inside transaction.atomic()."""
    return Order.objects.select_for_update().get(pk=order.pk)
