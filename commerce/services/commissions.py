"""Creator commissions: earned on paid sales a creator's stories drove, taken back by refunds."""

from collections import defaultdict
from decimal import ROUND_DOWN, Decimal

from commerce.models import Commission, Order

CENT = Decimal("0.01")


def record_commissions(order: Order) -> list[Commission]:
    """Record what each creator behind `order`'s lines earns; repeating it changes nothing.

    Each line carries the creator of the story it was added from (see `start_checkout`);
    lines from editorial stories earn nobody anything. Call it inside the transaction that
    marks the order paid.
    """
    sales: dict[int, Decimal] = defaultdict(Decimal)
    creators = {}
    for line in order.lines.select_related("creator"):
        if line.creator is not None:
            sales[line.creator.pk] += line.line_total
            creators[line.creator.pk] = line.creator
    commissions = []
    for creator_id, sales_amount in sales.items():
        rate = creators[creator_id].commission_rate
        commission, _ = Commission.objects.get_or_create(
            order=order,
            creator_id=creator_id,
            defaults={
                "rate": rate,
                "sales_amount": sales_amount,
                "amount": (sales_amount * rate).quantize(CENT, rounding=ROUND_DOWN),
                "currency": order.currency,
            },
        )
        commissions.append(commission)
    return commissions


def adjust_commissions_for_refunds(order: Order) -> None:
    """Shrink `order`'s commissions in proportion to what was refunded; a full refund reverses
    them. Derived from the order's refunded total, so it is safe to repeat."""
    if not order.total:
        return
    kept = (order.total - order.refunded_amount) / order.total
    for commission in order.commissions.all():
        commission.amount = (commission.sales_amount * commission.rate * kept).quantize(
            CENT, rounding=ROUND_DOWN
        )
        commission.status = (
            Commission.Status.REVERSED if not commission.amount else Commission.Status.EARNED
        )
        commission.save(update_fields=["amount", "status", "updated_at"])
