"""The order's states and the moves between them: the one table `record_status` follows.

A payment may arrive after the shop closed its checkout (expired, abandoned, or failed to
open): it is still taken (its units taken again, or the shortfall noted), or held for a person
when it is not what the order costs. Refunds move a paid order between the paid states, both
ways (a refund can fail after it succeeded). A person settles an order that needs attention.
"""

from commerce.shop.exceptions import InvalidStatusChange
from commerce.shop.models import Order

Status = Order.Status

_PAYMENT_ARRIVES = frozenset({Status.PAID, Status.NEEDS_ATTENTION})
_REFUNDS_MOVE = frozenset({Status.PAID, Status.PARTIALLY_REFUNDED, Status.REFUNDED})

ALLOWED_MOVES: dict[str, frozenset[str]] = {
    Status.PENDING: _PAYMENT_ARRIVES
    | {Status.PROCESSING, Status.FAILED, Status.EXPIRED, Status.CANCELLED},
    # Completed at the provider, the money on its way (e.g. a bank transfer).
    Status.PROCESSING: _PAYMENT_ARRIVES | {Status.FAILED},
    Status.EXPIRED: _PAYMENT_ARRIVES,
    Status.CANCELLED: _PAYMENT_ARRIVES,
    Status.FAILED: _PAYMENT_ARRIVES,
    Status.PAID: _REFUNDS_MOVE,
    Status.PARTIALLY_REFUNDED: _REFUNDS_MOVE,
    Status.REFUNDED: _REFUNDS_MOVE,
    # Settled by hand: accepted as paid, or closed.
    Status.NEEDS_ATTENTION: frozenset({Status.PAID, Status.CANCELLED}),
}


def check_status_change(order: Order, status: str) -> None:
    """Refuse a move of `order` that the table does not allow.

    Raises:
        InvalidStatusChange: naming the order, where it is and where it was asked to go.
    """
    if status not in ALLOWED_MOVES.get(order.status, frozenset()):
        raise InvalidStatusChange(
            f"Order {order.reference} cannot go from {Status(order.status).label!r} to "
            f"{Status(status).label!r}."
        )
