"""Creator commissions: earned on paid sales a creator's stories drove, taken back by refunds."""

from collections import defaultdict
from decimal import ROUND_DOWN, Decimal

from commerce.shop.models import Commission, Order, Refund, RefundLine

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
    """Work out again what each creator earns on `order` after its refunds; safe to repeat.

    A refund of chosen lines (the admin's) takes back the commission on exactly those units, so
    refunding an editorial line leaves a creator's commission alone. A refund whose lines are
    unknown (made in Stripe's dashboard) shrinks every creator's remaining sales in proportion
    to what is left of the order. A full refund reverses every commission.
    """
    refunded_units: dict[int, int] = defaultdict(int)
    for line_id, units in RefundLine.objects.filter(
        refund__order=order, refund__status=Refund.Status.SUCCEEDED
    ).values_list("order_line_id", "quantity"):
        refunded_units[line_id] += units
    kept_sales: dict[int | None, Decimal] = defaultdict(Decimal)
    for line in order.lines.all():
        kept_sales[line.creator_id] += line.unit_price * (line.quantity - refunded_units[line.pk])
    kept_total = sum(kept_sales.values(), Decimal(0))
    refunded_by_lines = order.total - kept_total
    without_lines = max(order.refunded_amount - refunded_by_lines, Decimal(0))
    share = (kept_total - without_lines) / kept_total if kept_total > 0 else Decimal(0)
    share = min(max(share, Decimal(0)), Decimal(1))
    for commission in order.commissions.all():
        commission.amount = (kept_sales[commission.creator_id] * share * commission.rate).quantize(
            CENT, rounding=ROUND_DOWN
        )
        commission.status = (
            Commission.Status.REVERSED if not commission.amount else Commission.Status.EARNED
        )
        commission.save(update_fields=["amount", "status", "updated_at"])
