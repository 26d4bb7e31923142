"""Shared set-up for the commerce benchmarks: a throw-away test database (SQLite, or PostgreSQL
when DATABASE_URL says so), the local Stripe stand-in, and a story with a product to buy.

Benchmarks print figures; they assert nothing. Run them from the repository root.
"""

import os
import statistics
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[2]
# The stand-in lives with the tests; the benchmarks reuse it.
sys.path.insert(0, str(REPOSITORY))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storyshop.settings.test")
os.environ.setdefault("STORYSHOP_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    override_settings,
    setup_test_environment,
    teardown_test_environment,
)

from tests.commerce.stripe_stand_in import StripeStandIn  # noqa: E402

WEBHOOK_SECRET = "whsec_bench"


@contextmanager
def bench_environment() -> Iterator[StripeStandIn]:
    """A migrated test database and payments pointed at a fresh Stripe stand-in."""
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    stand_in = StripeStandIn().start()
    payments = override_settings(
        STRIPE_SECRET_KEY="sk_test_bench",
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_API_BASE=stand_in.url,
        STRIPE_MAX_NETWORK_RETRIES="0",
        STRIPE_TIMEOUT_SECONDS="5",
        # Benchmarks measure speed, not the per-client limits: one "client" may hold it all.
        STORYSHOP_MAX_HOLD_SHARE="1",
        STORYSHOP_RATE_LIMIT_SCALE="1000",
    )
    try:
        with payments:
            yield stand_in
    finally:
        stand_in.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def story_with_product(stock: int) -> tuple[Any, Any]:
    """A published story with one product card; returns (story, variant)."""
    from tests.factories import ProductFactory, article, article_index, product_cards

    product = ProductFactory(stock=stock)
    story = article(article_index(), body=product_cards([product]))
    return story, product.variants.get()


def reader_address(index: int) -> str:
    """A distinct client address per simulated reader (checkout starts are limited per client)."""
    return f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256}"


def database_name() -> str:
    return f"{connection.vendor} ({connection.settings_dict['NAME']})"


def percentile(samples: list[float], share: int) -> float:
    """The `share`th percentile of `samples` (50 for the median)."""
    return statistics.quantiles(samples, n=100, method="inclusive")[share - 1]
