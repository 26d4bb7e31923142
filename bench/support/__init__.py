"""Shared set-up for the commerce benchmarks: a throw-away test database (SQLite, or PostgreSQL
when DATABASE_URL says so), the local Stripe stand-in, and a story with a product to buy.

Benchmarks print figures; they assert nothing. Run them from the repository root.
"""

import argparse
import os
import statistics
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
from tests.commerce.xendit_stand_in import XenditStandIn  # noqa: E402

WEBHOOK_SECRET = "whsec_bench"
XENDIT_CALLBACK_TOKEN = "xendit-bench-token"
PROVIDERS = ("stripe", "xendit", "demo")


@dataclass
class StandIns:
    """The payment providers' local stand-ins the bench talks to."""

    stripe: StripeStandIn
    xendit: XenditStandIn


def bench_each_provider(bench: Callable[[str], None], script: str) -> None:
    """Run `bench` for the provider asked for (`--provider`); without one, run the script once
    per provider, each in a process (and a test database) of its own."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--provider", choices=PROVIDERS)
    chosen = parser.parse_args().provider
    if chosen:
        bench(chosen)
        return
    for provider in PROVIDERS:
        subprocess.run([sys.executable, script, "--provider", provider], check=True)


@contextmanager
def bench_environment(provider: str = "stripe") -> Iterator[StandIns]:
    """A migrated test database, and only `provider` on: Stripe and Xendit pointed at fresh
    local stand-ins, or the demo provider."""
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    stand_ins = StandIns(StripeStandIn().start(), XenditStandIn().start())
    on = {
        "stripe": {
            "STRIPE_SECRET_KEY": "sk_test_bench",
            "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "STRIPE_API_BASE": stand_ins.stripe.url,
        },
        "xendit": {
            "XENDIT_SECRET_KEY": "xnd_development_bench",
            "XENDIT_CALLBACK_TOKEN": XENDIT_CALLBACK_TOKEN,
            "XENDIT_API_BASE": stand_ins.xendit.url,
        },
        "demo": {"STORYSHOP_DEMO_PAYMENTS": "true"},
    }[provider]
    off = {"STRIPE_SECRET_KEY": "", "STRIPE_WEBHOOK_SECRET": "", "STORYSHOP_DEMO_PAYMENTS": "false"}
    payments = override_settings(
        **off
        | {
            "STRIPE_MAX_NETWORK_RETRIES": "0",
            "STRIPE_TIMEOUT_SECONDS": "5",
            "XENDIT_MAX_NETWORK_RETRIES": "0",
            "XENDIT_TIMEOUT_SECONDS": "5",
            # Benchmarks measure speed, not the per-client limits: one client may hold it all.
            "STORYSHOP_MAX_HOLD_SHARE": "1",
            "STORYSHOP_RATE_LIMIT_SCALE": "1000",
        }
        | on
    )
    try:
        with payments:
            yield stand_ins
    finally:
        stand_ins.stripe.stop()
        stand_ins.xendit.stop()
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
