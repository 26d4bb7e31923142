"""The time the project adds to POST /checkout/ around the Stripe call (p50, p95).

Each request goes through Django's full stack (session, CSRF middleware, pricing, stock
reservation under row locks, the pending order and its lines, attribution); the time spent
inside the Stripe call (to the local stand-in) is measured separately and taken off:

    make bench                                     # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test DJANGO_TEST_DATABASE_NAME=bench_commerce \\
        DJANGO_SETTINGS_MODULE=storyshop.settings.test .venv/bin/python bench/commerce_checkout.py
"""

import time

from support import (
    bench_environment,
    database_name,
    percentile,
    reader_address,
    story_with_product,
)

CHECKOUTS = 300


def main() -> None:
    from django.test import Client

    from commerce.shop.payments import stripe_gateway
    from commerce.shop.payments.contract import CheckoutRequest, ProviderCheckout

    stripe_seconds: list[float] = []
    create = stripe_gateway.create_checkout_session

    def timed_create(request: CheckoutRequest) -> ProviderCheckout:
        started = time.perf_counter()
        try:
            return create(request)
        finally:
            stripe_seconds.append(time.perf_counter() - started)

    # The Stripe provider calls it through the module.
    stripe_gateway.create_checkout_session = timed_create
    with bench_environment():
        story, variant = story_with_product(stock=CHECKOUTS * 2)
        totals = []
        for index in range(CHECKOUTS):
            client = Client(REMOTE_ADDR=reader_address(index))
            client.post(
                "/cart/add/",
                {"variant": variant.pk, "quantity": 2, "page": story.pk, "block": story.body[0].id},
            )
            started = time.perf_counter()
            response = client.post("/checkout/")
            totals.append(time.perf_counter() - started)
            assert response.status_code == 303, response.content
        added = [
            (total - stripe) * 1000 for total, stripe in zip(totals, stripe_seconds, strict=True)
        ]
        stripe_ms = [seconds * 1000 for seconds in stripe_seconds]
        print(f"database: {database_name()}; {CHECKOUTS} checkouts of a cart with one line")
        p50, p95 = percentile(added, 50), percentile(added, 95)
        print(f"  added by the project: p50 {p50:6.2f} ms, p95 {p95:6.2f} ms")
        print(f"  the Stripe call (local stand-in): p50 {percentile(stripe_ms, 50):6.2f} ms")


if __name__ == "__main__":
    main()
