"""A creator's results: the paid sales their stories drove and the commission they earn now.

Everything is aggregated in the database, so the number of queries does not depend on how many
orders, stories or products a creator has. Only paid orders count (`Order.PAID_STATUSES`, which
includes partly and fully refunded ones); buyers' details are never read.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from wagtail.models import Page

from commerce.shop.models import CommissionEntry, Order, OrderLine, ReferralClick
from commerce.shop.services.ledger import Balance, StatementRow, balance, statement
from storyshop.creators.models import CreatorProfile

# Period choices of the results page: a number of days, or None for all time.
PERIODS: dict[str, int | None] = {"30": 30, "90": 90, "all": None}
DEFAULT_PERIOD = "30"
RECENT_COMMISSIONS = 20
CLICK_DAYS = 31  # days of clicks listed (the totals count the whole period)

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal(0), output_field=MONEY)


@dataclass(frozen=True)
class ResultTotals:
    """The headline figures of one creator over one period."""

    orders: int
    units: int
    sales: Decimal
    commission_earned: Decimal
    commission_reversed: Decimal


@dataclass(frozen=True)
class StoryResult:
    """What one story sold; `page` (to link to) is None when the story is not live."""

    page: Page | None
    title: str
    orders: int
    units: int
    sales: Decimal
    commission: Decimal


@dataclass(frozen=True)
class ProductResult:
    """What one product sold through a creator's stories."""

    name: str
    units: int
    sales: Decimal


@dataclass(frozen=True)
class CreatorResults:
    """Everything the results page shows for one creator and period."""

    creator: CreatorProfile
    period: str
    currency: str
    totals: ResultTotals
    stories: list[StoryResult]
    products: list[ProductResult]
    recent_commissions: list[StatementRow]
    balance: Balance
    # Readers who arrived through the creator's links and embed cards (one per reader and day).
    link_clicks: int
    embed_clicks: int
    # The latest days with arrivals: (day, through links, through embed cards).
    clicks_by_day: list[tuple[date, int, int]]


def period_start(period: str, now: datetime | None = None) -> datetime | None:
    """Return when `period` (a key of `PERIODS`) starts, or None for all time.

    Raises:
        KeyError: for a period that is not one of `PERIODS`.
    """
    days = PERIODS[period]
    if days is None:
        return None
    return (now or timezone.now()) - timedelta(days=days)


def fetch_creator_results(creator: CreatorProfile, period: str = DEFAULT_PERIOD) -> CreatorResults:
    """Return `creator`'s results over `period` (a key of `PERIODS`), paid orders only.

    Args:
        creator: the profile whose attributed order lines and commissions are counted.
        period: "30", "90" or "all"; orders count by when they were paid.

    Returns:
        Totals, per-story and per-product figures and the most recent commissions.

    Raises:
        KeyError: for a period that is not one of `PERIODS` (views validate it first).
    """
    since = period_start(period)
    lines = _of_paid_orders(OrderLine.objects.all(), creator, since)
    commissions = _of_paid_orders(CommissionEntry.objects.all(), creator, since)
    return CreatorResults(
        creator=creator,
        period=period,
        currency=settings.STORYSHOP_CURRENCY,
        totals=_totals(lines, commissions),
        stories=_stories(lines),
        products=_products(lines),
        recent_commissions=statement(creator, since, None, limit=RECENT_COMMISSIONS),
        balance=balance(creator),
        **_clicks(creator, since),
    )


def _clicks(creator: CreatorProfile, since: datetime | None) -> dict[str, Any]:
    counts = ReferralClick.objects.filter(creator=creator)
    if since is not None:
        counts = counts.filter(day__gte=timezone.localdate(since))
    link, embed = ReferralClick.Channel.LINK, ReferralClick.Channel.EMBED
    days = list(
        counts.values("day")
        .annotate(
            links=Coalesce(Sum("count", filter=Q(channel=link)), 0),
            embeds=Coalesce(Sum("count", filter=Q(channel=embed)), 0),
        )
        .order_by("-day")
    )
    return {
        "link_clicks": sum(row["links"] for row in days),
        "embed_clicks": sum(row["embeds"] for row in days),
        "clicks_by_day": [(row["day"], row["links"], row["embeds"]) for row in days[:CLICK_DAYS]],
    }


def _of_paid_orders[M: (OrderLine, CommissionEntry)](
    rows: QuerySet[M], creator: CreatorProfile, since: datetime | None
) -> QuerySet[M]:
    """The creator's `rows` (order lines or ledger entries) of orders paid since `since`."""
    paid = rows.filter(creator=creator, order__status__in=Order.PAID_STATUSES)
    return paid.filter(order__paid_at__gte=since) if since else paid


def _line_sales() -> ExpressionWrapper:
    return ExpressionWrapper(F("unit_price") * F("quantity"), output_field=MONEY)


def _totals(lines: QuerySet[OrderLine], entries: QuerySet[CommissionEntry]) -> ResultTotals:
    sold = lines.aggregate(
        orders=Count("order", distinct=True),
        units=Coalesce(Sum("quantity"), 0),
        sales=Coalesce(Sum(_line_sales()), ZERO),
    )
    earned = entries.aggregate(
        now=Coalesce(Sum("amount"), ZERO),
        at_payment=Coalesce(Sum("amount", filter=Q(kind=CommissionEntry.Kind.ACCRUAL)), ZERO),
    )
    return ResultTotals(
        orders=sold["orders"],
        units=sold["units"],
        sales=sold["sales"],
        commission_earned=earned["now"],
        commission_reversed=earned["at_payment"] - earned["now"],
    )


def _line_commission() -> ExpressionWrapper:
    """Each line's part of its order's commission now: the ledger's sum for the creator, the
    order and the line's rate, shared out over those lines in proportion to their sales."""
    # The line's rate as `record_accruals` took it (lines sold before rates were stored on
    # them: their creator's rate).
    rate = Coalesce(OuterRef("commission_rate"), OuterRef("creator__commission_rate"))
    entries = CommissionEntry.objects.filter(
        order=OuterRef("order"), creator=OuterRef("creator"), rate=rate
    )
    amount = Subquery(
        entries.values("order").annotate(total=Sum("amount")).values("total")[:1],
        output_field=MONEY,
    )
    sales = Subquery(
        entries.filter(kind=CommissionEntry.Kind.ACCRUAL).values("base")[:1], output_field=MONEY
    )
    # A free line's order may have no sales to share out: no share (NULL), not a division error.
    return ExpressionWrapper(amount * _line_sales() / NullIf(sales, ZERO), output_field=MONEY)


def _stories(lines: QuerySet[OrderLine]) -> list[StoryResult]:
    rows = list(
        lines.values("source_page", "source_page__title")
        .annotate(
            orders=Count("order", distinct=True),
            units=Sum("quantity"),
            sales=Sum(_line_sales()),
            commission=Coalesce(Sum(_line_commission()), ZERO),
        )
        .order_by("-sales", "source_page__title")
    )
    page_ids = [row["source_page"] for row in rows if row["source_page"]]
    pages = Page.objects.filter(pk__in=page_ids).live().in_bulk() if page_ids else {}
    return [
        StoryResult(
            page=pages.get(row["source_page"]),
            title=row["source_page__title"] or "A story no longer on the site",
            orders=row["orders"],
            units=row["units"],
            sales=row["sales"],
            commission=row["commission"],
        )
        for row in rows
    ]


def _products(lines: QuerySet[OrderLine]) -> list[ProductResult]:
    rows = (
        lines.values("product_name")
        .annotate(units=Sum("quantity"), sales=Sum(_line_sales()))
        .order_by("-sales", "product_name")
    )
    return [ProductResult(row["product_name"], row["units"], row["sales"]) for row in rows]
