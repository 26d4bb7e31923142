"""The commission ledger: what creators earn on paid orders, what refunds take back, and the
balances a payout draws on.

Entries are only ever added (`CommissionEntry`). On payment each creator gets one accrual per
rate their lines carry (the rate stored on the line at checkout), on what the reader paid for
those lines, rounded down to the cent. It is *pending* for STORYSHOP_COMMISSION_HOLD_DAYS (the
return window), then *payable*. A refund adds a reversal for exactly the refunded units (or a
share of every line, for a refund made outside the shop); a refund undone adds the amount back.
Both are worked out as the difference between what the creator should earn on the order now and
the sum of its entries, under the order's row lock, so repeating them adds nothing. A reversal
after the accrual was paid out makes the balance negative, and the next payout takes it back.
"""

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from commerce.shop.conf import creator_money
from commerce.shop.models import (
    CommissionEntry,
    Order,
    OrderLine,
    Payout,
    PayoutItem,
    Refund,
    RefundLine,
)
from storyshop.creators.models import CreatorProfile

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

type Key = tuple[int, Decimal]  # (creator id, rate)


def _rate_of(line: OrderLine) -> Decimal:
    """The line's rate as stored at checkout (lines sold before rates were stored: their
    creator's rate now)."""
    if line.commission_rate is not None:
        return line.commission_rate
    assert line.creator is not None
    return line.creator.commission_rate


def _commission(base: Decimal, rate: Decimal) -> Decimal:
    return (base * rate).quantize(CENT, rounding=ROUND_DOWN)


def _credited_lines(order: Order) -> list[OrderLine]:
    return [line for line in order.lines.select_related("creator") if line.creator_id]


def _accruals(order: Order) -> dict[Key, CommissionEntry]:
    """`order`'s accruals by (creator id, rate)."""
    entries = CommissionEntry.objects.filter(order=order, kind=CommissionEntry.Kind.ACCRUAL)
    return {(entry.creator_id, entry.rate): entry for entry in entries}


def record_accruals(order: Order) -> list[CommissionEntry]:
    """Add each creator's accrual for paid `order` (one per rate); repeating adds nothing.

    Call it inside the transaction that marks the order paid, holding its row lock.
    """
    bases: dict[Key, Decimal] = defaultdict(Decimal)
    for line in _credited_lines(order):
        assert line.creator_id is not None
        bases[(line.creator_id, _rate_of(line))] += line.line_total
    if not bases:
        return []
    existing = _accruals(order)
    available_at = (order.paid_at or timezone.now()) + creator_money().commission_hold
    entries = []
    for (creator_id, rate), base in bases.items():
        entry = existing.get((creator_id, rate))
        if entry is None:
            entry = CommissionEntry.objects.create(
                creator_id=creator_id,
                order=order,
                kind=CommissionEntry.Kind.ACCRUAL,
                rate=rate,
                base=base,
                amount=_commission(base, rate),
                currency=order.currency,
                available_at=available_at,
            )
        entries.append(entry)
    return entries


def _kept_bases(order: Order) -> dict[Key, Decimal]:
    """What the reader still pays for each (creator, rate)'s lines after the order's refunds:
    refunds of chosen lines take exactly those units; a refund made outside the shop takes the
    same share of every line that is left."""
    refunded_units = RefundLine.units_by_line(order.pk, [Refund.Status.SUCCEEDED])
    kept: dict[Key | None, Decimal] = defaultdict(Decimal)
    for line in order.lines.select_related("creator"):
        key = (line.creator_id, _rate_of(line)) if line.creator_id else None
        kept[key] += line.unit_price * (line.quantity - refunded_units.get(line.pk, 0))
    kept_total = sum(kept.values(), Decimal(0))
    refunded_by_lines = order.total - kept_total
    without_lines = max(order.refunded_amount - refunded_by_lines, Decimal(0))
    share = (kept_total - without_lines) / kept_total if kept_total > 0 else Decimal(0)
    share = min(max(share, Decimal(0)), Decimal(1))
    return {key: (base * share).quantize(CENT) for key, base in kept.items() if key is not None}


def follow_refunds(order: Order) -> list[CommissionEntry]:
    """Add the entries that bring each creator's commission on `order` to what its refunds
    leave: a reversal for what a refund took, a restore for what an undone refund gives back.
    Repeating it adds nothing. Callers hold the order's row lock inside a transaction."""
    accruals = _accruals(order)
    if not accruals:
        return []
    sums = {
        (row["creator_id"], row["rate"]): (row["base"], row["amount"])
        for row in CommissionEntry.objects.filter(order=order)
        .values("creator_id", "rate")
        .annotate(base=Sum("base"), amount=Sum("amount"))
    }
    kept = _kept_bases(order)
    now = timezone.now()
    added = []
    for key, accrual in accruals.items():
        base_now, amount_now = sums[key]
        target_base = min(kept.get(key, ZERO), accrual.base)
        change = _commission(target_base, accrual.rate) - amount_now
        if not change:
            continue
        kind = CommissionEntry.Kind.REVERSAL if change < 0 else CommissionEntry.Kind.RESTORE
        added.append(
            CommissionEntry.objects.create(
                creator_id=accrual.creator_id,
                order=order,
                kind=kind,
                rate=accrual.rate,
                base=target_base - base_now,
                amount=change,
                currency=accrual.currency,
                available_at=max(now, accrual.available_at),
            )
        )
    return added


@dataclass(frozen=True)
class Balance:
    """A creator's commission by state. `payable` may be negative: a refund after a payout,
    taken from the next one."""

    pending: Decimal
    payable: Decimal
    in_payout: Decimal
    paid: Decimal

    @property
    def total(self) -> Decimal:
        return self.pending + self.payable + self.in_payout + self.paid


def _held_by(status: str) -> Exists:
    return Exists(
        PayoutItem.objects.filter(entry=OuterRef("pk"), released=False, payout__status=status)
    )


def with_states(entries: QuerySet[CommissionEntry]) -> QuerySet[CommissionEntry]:
    """`entries` annotated with `in_payout` and `paid` (held by a processing or a paid payout)."""
    return entries.annotate(
        in_payout=_held_by(Payout.Status.PROCESSING), paid=_held_by(Payout.Status.PAID)
    )


def unpaid_entries() -> QuerySet[CommissionEntry]:
    """The entries no payout holds (pending or payable)."""
    held = PayoutItem.objects.filter(entry=OuterRef("pk"), released=False)
    return CommissionEntry.objects.exclude(Exists(held))


def balance(creator: CreatorProfile, now: datetime | None = None) -> Balance:
    """`creator`'s balance by state now, in one query whatever the number of entries."""
    now = now or timezone.now()
    zero = Value(ZERO)
    unpaid = Q(in_payout=False, paid=False)
    # The sums' names differ from the annotations': an aggregate named like one replaces it.
    sums = with_states(CommissionEntry.objects.filter(creator=creator)).aggregate(
        pending_sum=Coalesce(Sum("amount", filter=unpaid & Q(available_at__gt=now)), zero),
        payable_sum=Coalesce(Sum("amount", filter=unpaid & Q(available_at__lte=now)), zero),
        in_payout_sum=Coalesce(Sum("amount", filter=Q(in_payout=True)), zero),
        paid_sum=Coalesce(Sum("amount", filter=Q(paid=True)), zero),
    )
    return Balance(
        pending=sums["pending_sum"],
        payable=sums["payable_sum"],
        in_payout=sums["in_payout_sum"],
        paid=sums["paid_sum"],
    )


STATEMENT_HEADER = (
    "date",
    "order",
    "entry",
    "sales",
    "rate",
    "commission",
    "currency",
    "available from",
    "state",
)


# What a statement reads of each entry (`in_payout` and `paid` from `with_states`).
STATEMENT_FIELDS = (
    "created_at",
    "order__reference",
    "kind",
    "base",
    "rate",
    "amount",
    "currency",
    "available_at",
    "in_payout",
    "paid",
)


@dataclass(frozen=True)
class StatementRow:
    """One ledger entry as the creator's statement shows it (nothing about the buyer)."""

    created_at: datetime
    order_reference: str
    kind_label: str
    base: Decimal
    rate: Decimal
    amount: Decimal
    currency: str
    available_at: datetime
    state: str

    @property
    def rate_percent(self) -> str:
        """The rate as a percentage, e.g. "10" for 0.100 or "12.5" for 0.125."""
        return f"{(self.rate * 100).normalize():f}"


def _state(row: dict, now: datetime) -> str:
    if row["paid"]:
        return "Paid"
    if row["in_payout"]:
        return "In a payout"
    return "Payable" if row["available_at"] <= now else "Pending"


def _entries_made(
    creator: CreatorProfile, start: datetime | None, end: datetime | None
) -> QuerySet[CommissionEntry]:
    entries = CommissionEntry.objects.filter(creator=creator)
    if start is not None:
        entries = entries.filter(created_at__gte=start)
    if end is not None:
        entries = entries.filter(created_at__lt=end)
    return entries


def period_total(
    creator: CreatorProfile, start: datetime | None, end: datetime | None
) -> tuple[int, Decimal]:
    """How many entries `creator` has made in [start, end), and their sum."""
    sums = _entries_made(creator, start, end).aggregate(count=Count("pk"), total=Sum("amount"))
    return sums["count"], sums["total"] or ZERO


def statement(
    creator: CreatorProfile,
    start: datetime | None,
    end: datetime | None,
    limit: int | None = None,
    offset: int = 0,
    now: datetime | None = None,
) -> list[StatementRow]:
    """`creator`'s entries made in [start, end), newest first (`limit` of them from `offset`)."""
    now = now or timezone.now()
    entries = with_states(_entries_made(creator, start, end))
    rows = entries.order_by("-created_at", "-pk").values(*STATEMENT_FIELDS)[offset:]
    labels = dict(CommissionEntry.Kind.choices)
    return [
        StatementRow(
            created_at=row["created_at"],
            order_reference=row["order__reference"],
            kind_label=labels[row["kind"]],
            base=row["base"],
            rate=row["rate"],
            amount=row["amount"],
            currency=row["currency"],
            available_at=row["available_at"],
            state=_state(row, now),
        )
        for row in (rows[:limit] if limit else rows)
    ]


def statement_csv(rows: Iterable[StatementRow]) -> str:
    """The statement as CSV (plain amounts with a dot, ISO dates; no cell starts a formula:
    every value is a date, a reference the shop made, a label or a number)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(STATEMENT_HEADER)
    for row in rows:
        writer.writerow(
            (
                timezone.localtime(row.created_at).date().isoformat(),
                row.order_reference,
                row.kind_label,
                f"{row.base:f}",
                f"{row.rate:f}",
                f"{row.amount:f}",
                row.currency,
                timezone.localtime(row.available_at).date().isoformat(),
                row.state,
            )
        )
    return out.getvalue()
