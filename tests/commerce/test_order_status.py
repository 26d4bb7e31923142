"""The order status table: every move the shop makes is in it, and any other is refused."""

import pytest

from commerce.shop.exceptions import InvalidStatusChange
from commerce.shop.models import Order
from commerce.shop.order_status import ALLOWED_MOVES
from commerce.shop.services.orders import record_status

pytestmark = pytest.mark.django_db

Status = Order.Status


def an_order(status: str) -> Order:
    return Order.objects.create(status=status, currency="IDR", total=100)


def test_every_state_has_its_moves_written_down():
    assert set(ALLOWED_MOVES) == set(Status.values)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (Status.PAID, Status.PENDING),
        (Status.REFUNDED, Status.EXPIRED),
        (Status.PAID, Status.NEEDS_ATTENTION),
        (Status.NEEDS_ATTENTION, Status.REFUNDED),
        (Status.EXPIRED, Status.CANCELLED),
        (Status.CANCELLED, Status.PENDING),
    ],
)
def test_a_move_the_table_does_not_allow_is_refused_and_nothing_is_recorded(start, end):
    order = an_order(start)

    with pytest.raises(InvalidStatusChange, match=order.reference):
        record_status(order, end, "not allowed")

    order.refresh_from_db()
    assert order.status == start
    assert not order.history.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (Status.PENDING, Status.PAID),
        (Status.PENDING, Status.PROCESSING),
        (Status.PROCESSING, Status.FAILED),
        (Status.EXPIRED, Status.PAID),
        (Status.PAID, Status.PARTIALLY_REFUNDED),
        (Status.REFUNDED, Status.PAID),
        (Status.NEEDS_ATTENTION, Status.CANCELLED),
    ],
)
def test_an_allowed_move_is_recorded_in_the_history(start, end):
    order = an_order(start)

    record_status(order, end, "allowed")

    order.refresh_from_db()
    assert order.status == end
    assert list(order.history.values_list("status", "note")) == [(end, "allowed")]
