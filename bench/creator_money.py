"""A creator with 10,000 ledger entries: what "My results", the statement (page and CSV), the
balance and a payout run cost, against the same with 100 entries.

Queries must not grow with the entries (they are aggregated in the database); times are what
one request or run takes on this machine:

    make bench                                                     # SQLite
    DJANGO_SETTINGS_MODULE=storyshop.settings.test .venv/bin/python bench/creator_money.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test DJANGO_TEST_DATABASE_NAME=bench_money \\
        DJANGO_SETTINGS_MODULE=storyshop.settings.test .venv/bin/python bench/creator_money.py
"""

import statistics
import time
from datetime import timedelta
from decimal import Decimal

from support import bench_environment, database_name

SIZES = (100, 10_000)
ROUNDS = 5


def _ledger_of(size: int, slug: str):
    """A creator with a bank payout account and `size` entries this month: one accrual per
    paid order, every tenth order partly refunded (a reversal)."""
    from django.utils import timezone

    from commerce.shop.models import (
        CommissionEntry,
        Order,
        OrderLine,
        PayoutAccount,
    )
    from storyshop.creators.models import CreatorProfile
    from tests.users import member_of

    creator = CreatorProfile.objects.create(
        name=slug.title(), slug=slug, commission_rate="0.100", user=member_of("Creators")
    )
    PayoutAccount.objects.create(
        creator=creator, bank="BCA", account_number="1", account_holder="X"
    )
    paid_at = timezone.now() - timedelta(days=20)
    orders = Order.objects.bulk_create(
        Order(status=Order.Status.PAID, currency="IDR", total=Decimal(100000), paid_at=paid_at)
        for _ in range(size - size // 11)
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product_name="Kopi Gayo",
            sku="KOPI",
            unit_price=Decimal(100000),
            quantity=1,
            creator=creator,
            credit=OrderLine.Credit.REFERRAL,
            commission_rate=Decimal("0.100"),
        )
        for order in orders
    )
    entries = [
        CommissionEntry(
            creator=creator,
            order=order,
            kind=CommissionEntry.Kind.ACCRUAL,
            rate=Decimal("0.100"),
            base=Decimal(100000),
            amount=Decimal(10000),
            currency="IDR",
            available_at=paid_at + timedelta(days=14),
        )
        for order in orders
    ]
    entries += [
        CommissionEntry(
            creator=creator,
            order=order,
            kind=CommissionEntry.Kind.REVERSAL,
            rate=Decimal("0.100"),
            base=Decimal(-50000),
            amount=Decimal(-5000),
            currency="IDR",
            available_at=paid_at + timedelta(days=14),
        )
        for order in orders[: size - len(orders)]
    ]
    CommissionEntry.objects.bulk_create(entries, batch_size=2000)
    return creator


def _timed(call) -> tuple[float, int, object]:
    """(median ms over ROUNDS, queries of one call, its result)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = call()
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(queries), result


def _measure(size: int) -> None:
    from django.test import Client

    from commerce.shop.models import CommissionEntry
    from commerce.shop.services.ledger import balance
    from commerce.shop.services.payouts import run_payouts

    creator = _ledger_of(size, f"creator-{size}")
    assert CommissionEntry.objects.filter(creator=creator).count() == size
    client = Client()
    client.force_login(creator.user)
    figures = {
        "balance()": lambda: balance(creator),
        "My results (all time)": lambda: client.get("/admin/my-results/?period=all"),
        "statement page (month)": lambda: client.get("/admin/my-results/statement/"),
        "statement CSV (month)": lambda: client.get("/admin/my-results/statement/?format=csv"),
    }
    for name, call in figures.items():
        ms, queries, response = _timed(call)
        status = getattr(response, "status_code", 200)
        assert status == 200, (name, status)
        print(f"{size:>8} {name:<28} {ms:>8.1f} {queries:>8}")
    start = time.perf_counter()
    [payout] = run_payouts().made
    ms = (time.perf_counter() - start) * 1000
    print(
        f"{size:>8} {'payout run (one creator)':<28} {ms:>8.1f} "
        f"{'':>8} -> {payout.items.count()} entries, {payout.amount} {payout.currency}"
    )
    ms, queries, _ = _timed(run_payouts)
    print(f"{size:>8} {'payout run again (nothing)':<28} {ms:>8.1f} {queries:>8}")


def main() -> None:
    with bench_environment("demo"):
        print(f"Creator money on {database_name()}; median of {ROUNDS} rounds")
        print(f"{'entries':>8} {'what':<28} {'ms':>8} {'queries':>8}")
        for size in SIZES:
            _measure(size)


if __name__ == "__main__":
    main()
