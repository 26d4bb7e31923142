"""Run by tests/site/test_sqlite_concurrency.py in its own process, on a SQLite *file* (the
tests' in-memory database has one shared connection, so nothing there is concurrent).

Migrates the database the settings name, has a reader buy a product against the Stripe
stand-in, then delivers that payment's signed `checkout.session.completed` 10 times at once,
each delivery on its own thread and database connection through Django's whole request stack,
as runserver would. Prints the statuses as JSON, and how the order ended.
"""

import json
import sys
import threading
from collections import Counter
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from tests.commerce.stripe_stand_in import StripeStandIn, sign_payload  # noqa: E402
from tests.factories import ProductFactory  # noqa: E402

DELIVERIES = 10


def main() -> None:
    call_command("migrate", "--no-input", verbosity=0)
    stripe = StripeStandIn().start()
    settings.STRIPE_API_BASE = stripe.url
    from commerce.shop.models import Order

    variant = ProductFactory(name="Kopi Gayo", price="125000.00", stock=5).variants.get()
    reader = Client()
    reader.post("/cart/add/", {"variant": variant.pk, "quantity": 1})
    reader.post("/checkout/")
    order = Order.objects.get()
    session = stripe.complete_session(order.provider_checkout_id)
    payload = json.dumps(stripe.event("checkout.session.completed", session))
    signature = sign_payload(payload, settings.STRIPE_WEBHOOK_SECRET)
    connection.close()

    statuses: Counter = Counter()
    start = threading.Barrier(DELIVERIES)

    def deliver() -> None:
        client = Client(raise_request_exception=False)
        start.wait()
        response = client.post(
            "/stripe/webhook/",
            data=payload,
            content_type="application/json",
            headers={"Stripe-Signature": signature},
        )
        statuses[response.status_code] += 1
        connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(DELIVERIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stripe.stop()
    order.refresh_from_db()
    print(json.dumps({"statuses": statuses, "order": order.status}))


if __name__ == "__main__":
    main()
