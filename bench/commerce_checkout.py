"""The time the project adds to POST /checkout/ around the provider's call (p50, p95), per
provider.

Each request goes through Django's full stack (session, CSRF middleware, pricing, stock
reservation under row locks, the pending order and its lines, attribution); the time spent
inside the provider's `start_checkout` (the local Stripe or Xendit stand-in, or the demo's own
table) is measured separately and taken off:

    make bench                                                      # SQLite, every provider
    DJANGO_SETTINGS_MODULE=storyshop.settings.test .venv/bin/python bench/commerce_checkout.py \\
        --provider xendit
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test DJANGO_TEST_DATABASE_NAME=bench_commerce \\
        DJANGO_SETTINGS_MODULE=storyshop.settings.test .venv/bin/python bench/commerce_checkout.py
"""

import time
from typing import Any

from support import (
    bench_each_provider,
    bench_environment,
    database_name,
    percentile,
    reader_address,
    story_with_product,
)

CHECKOUTS = 300


class TimedProvider:
    """A provider whose `start_checkout` calls are timed; every other call passes through."""

    def __init__(self, provider: Any) -> None:
        self.provider = provider
        self.seconds: list[float] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.provider, name)

    def start_checkout(self, request: Any) -> Any:
        started = time.perf_counter()
        try:
            return self.provider.start_checkout(request)
        finally:
            self.seconds.append(time.perf_counter() - started)


def bench(provider_name: str) -> None:
    from django.test import Client

    from commerce.shop.payments import registry

    real = registry.PROVIDERS[provider_name]
    timed = TimedProvider(real)
    registry.PROVIDERS[provider_name] = timed
    try:
        with bench_environment(provider_name):
            story, variant = story_with_product(stock=CHECKOUTS * 2)
            totals = []
            for index in range(CHECKOUTS):
                client = Client(REMOTE_ADDR=reader_address(index))
                block = story.body[0].id
                client.post(
                    "/cart/add/",
                    {"variant": variant.pk, "quantity": 2, "page": story.pk, "block": block},
                )
                started = time.perf_counter()
                response = client.post("/checkout/", {"email": "r@example.com"})
                totals.append(time.perf_counter() - started)
                assert response.status_code == 303, response.content
    finally:
        registry.PROVIDERS[provider_name] = real
    added = [(total - call) * 1000 for total, call in zip(totals, timed.seconds, strict=True)]
    call_ms = [seconds * 1000 for seconds in timed.seconds]
    print(f"{provider_name}, database: {database_name()}; {CHECKOUTS} checkouts of one line")
    p50, p95 = percentile(added, 50), percentile(added, 95)
    print(f"  added by the project: p50 {p50:6.2f} ms, p95 {p95:6.2f} ms")
    print(f"  the provider's call (local): p50 {percentile(call_ms, 50):6.2f} ms")


if __name__ == "__main__":
    bench_each_provider(bench, __file__)
