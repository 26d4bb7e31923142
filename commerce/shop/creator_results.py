"""A creator's results: the paid sales their stories drove and the commission they earn now.

Everything is aggregated in the database, so the number of queries does not depend on how many
orders, stories or products a creator has. Only paid orders count (`Order.PAID_STATUSES`, which
includes partly and fully refunded ones); buyers' details are never read.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Floor, NullIf, Round
from django.utils import timezone
from wagtail.models import Page

from commerce.shop.models import Commission, Order, OrderLine
from storyshop.creators.models import CreatorProfile

# Period choices of the results page: a number of days, or None for all time.
PERIODS: dict[str, int | None] = {"30": 30, "90": 90, "all": None}
DEFAULT_PERIOD = "30"
RECENT_COMMISSIONS = 20

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
class CommissionEntry:
    """One order's commission, without anything about the buyer."""

    created_at: datetime
    order_reference: str
    sales: Decimal
    rate: Decimal
    amount: Decimal
    status_label: str

    @property
    def rate_percent(self) -> str:
        """The rate as a percentage, e.g. "10" for 0.100 or "12.5" for 0.125."""
        return f"{(self.rate * 100).normalize():f}"


@dataclass(frozen=True)
class CreatorResults:
    """Everything the results page shows for one creator and period."""

    creator: CreatorProfile
    period: str
    currency: str
    totals: ResultTotals
    stories: list[StoryResult]
    products: list[ProductResult]
    recent_commissions: list[CommissionEntry]


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
    commissions = _of_paid_orders(Commission.objects.all(), creator, since)
    return CreatorResults(
        creator=creator,
        period=period,
        currency=settings.STORYSHOP_CURRENCY,
        totals=_totals(lines, commissions),
        stories=_stories(lines),
        products=_products(lines),
        recent_commissions=_recent_commissions(commissions),
    )


def _of_paid_orders[M: (OrderLine, Commission)](
    rows: QuerySet[M], creator: CreatorProfile, since: datetime | None
) -> QuerySet[M]:
    """The creator's `rows` (order lines or commissions) of orders paid since `since`."""
    paid = rows.filter(creator=creator, order__status__in=Order.PAID_STATUSES)
    return paid.filter(order__paid_at__gte=since) if since else paid


def _line_sales() -> ExpressionWrapper:
    return ExpressionWrapper(F("unit_price") * F("quantity"), output_field=MONEY)


def _commission_at_payment_in_cents() -> ExpressionWrapper:
    """What each commission was when its order was paid, in whole cents, rounded down as
    `record_commissions` rounds it. Integer cents and thousandths keep SQLite's floating-point
    arithmetic exact; PostgreSQL's numeric is exact anyway."""
    cents = Round(F("sales_amount") * 100)
    thousandths = Round(F("rate") * 1000)
    return ExpressionWrapper(Floor(cents * thousandths / 1000), output_field=MONEY)


def _totals(lines: QuerySet[OrderLine], commissions: QuerySet[Commission]) -> ResultTotals:
    sold = lines.aggregate(
        orders=Count("order", distinct=True),
        units=Coalesce(Sum("quantity"), 0),
        sales=Coalesce(Sum(_line_sales()), ZERO),
    )
    earned = commissions.aggregate(
        now=Coalesce(Sum("amount"), ZERO),
        at_payment_cents=Coalesce(Sum(_commission_at_payment_in_cents()), ZERO),
    )
    at_payment = Decimal(earned["at_payment_cents"]) / 100
    return ResultTotals(
        orders=sold["orders"],
        units=sold["units"],
        sales=sold["sales"],
        commission_earned=earned["now"],
        commission_reversed=max(at_payment - earned["now"], Decimal(0)),
    )


def _line_commission() -> ExpressionWrapper:
    """Each line's part of its order's commission now: the commission shared out over the
    creator's lines of that order in proportion to their sales."""
    commission = Commission.objects.filter(order=OuterRef("order"), creator=OuterRef("creator"))
    amount = Subquery(commission.values("amount")[:1], output_field=MONEY)
    sales = Subquery(commission.values("sales_amount")[:1], output_field=MONEY)
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


def _recent_commissions(commissions: QuerySet[Commission]) -> list[CommissionEntry]:
    labels = dict(Commission.Status.choices)
    rows = commissions.order_by("-created_at", "-pk").values(
        "created_at", "order__reference", "sales_amount", "rate", "amount", "status"
    )[:RECENT_COMMISSIONS]
    return [
        CommissionEntry(
            created_at=row["created_at"],
            order_reference=row["order__reference"],
            sales=row["sales_amount"],
            rate=row["rate"],
            amount=row["amount"],
            status_label=labels[row["status"]],
        )
        for row in rows
    ]
