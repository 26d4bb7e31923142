"""Stripe webhook events processed per second on one worker.

Delivers signed events through Django's full request stack (signature check by the real
`construct_event`, event record, dispatch, order row lock, stock commit, commission, e-mail) one
after another, as a single worker would:

    make bench                                     # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test DJANGO_TEST_DATABASE_NAME=bench_commerce \\
        DJANGO_SETTINGS_MODULE=storyshop.settings.test .venv/bin/python bench/commerce_webhooks.py
"""

import json
import time

from support import (
    WEBHOOK_SECRET,
    bench_environment,
    database_name,
    reader_address,
    story_with_product,
)

ORDERS = 300


def main() -> None:
    from django.test import Client

    from commerce.shop.models import Order
    from tests.commerce.stripe_stand_in import sign_payload

    with bench_environment() as stripe_api:
        _, variant = story_with_product(stock=ORDERS)
        for index in range(ORDERS):
            Client(REMOTE_ADDR=reader_address(index)).post(
                "/checkout/", {"variant": variant.pk, "quantity": 1}
            )
        sessions = Order.objects.values_list("provider_checkout_id", flat=True)
        events = [
            stripe_api.event("checkout.session.completed", stripe_api.complete_session(session))
            for session in sessions
        ]
        client = Client()

        def deliver_all(batch: list[dict]) -> float:
            signed = []
            for event in batch:
                payload = json.dumps(event)
                signed.append((payload, sign_payload(payload, WEBHOOK_SECRET)))
            started = time.perf_counter()
            for payload, signature in signed:
                response = client.post(
                    "/stripe/webhook/",
                    data=payload,
                    content_type="application/json",
                    headers={"Stripe-Signature": signature},
                )
                assert response.status_code == 200, response.content
            return len(batch) / (time.perf_counter() - started)

        fulfilling = deliver_all(events)
        duplicates = deliver_all(events)
        unknown = deliver_all(
            [stripe_api.event("customer.created", {"id": f"cus_{i}"}) for i in range(ORDERS)]
        )
        paid = Order.objects.filter(status=Order.Status.PAID).count()
        print(f"database: {database_name()}; {ORDERS} events of each kind, one worker")
        print(f"  checkout.session.completed (fulfils an order): {fulfilling:8.1f} events/s")
        print(f"  the same events redelivered (duplicates):       {duplicates:8.1f} events/s")
        print(f"  unknown event types (ignored):                  {unknown:8.1f} events/s")
        print(f"  orders paid: {paid} of {ORDERS}")


if __name__ == "__main__":
    main()
