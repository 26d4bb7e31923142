"""Payment notifications processed per second on one worker, per provider.

Delivers each provider's notifications through Django's full request stack (Stripe: signature
checked by the real `construct_event`; Xendit: callback token, then the invoice re-read from
the stand-in; demo: HMAC), stored once, the order's row locked, stock committed, commission
recorded, e-mail sent, one after another, as a single worker would:

    make bench                                                      # SQLite, every provider
    DJANGO_SETTINGS_MODULE=storyshop.settings.test .venv/bin/python bench/commerce_webhooks.py \\
        --provider xendit
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test DJANGO_TEST_DATABASE_NAME=bench_commerce \\
        DJANGO_SETTINGS_MODULE=storyshop.settings.test .venv/bin/python bench/commerce_webhooks.py
"""

import json
import time

from support import (
    WEBHOOK_SECRET,
    XENDIT_CALLBACK_TOKEN,
    StandIns,
    bench_each_provider,
    bench_environment,
    database_name,
    reader_address,
    story_with_product,
)

ORDERS = 300

# (path, body, headers) of one notification, ready to post.
Delivery = tuple[str, bytes, dict[str, str]]


def _paid_notifications(
    provider: str, stand_ins: StandIns, checkout_ids: list[str]
) -> list[Delivery]:
    from commerce.shop.models import DemoCheckout
    from commerce.shop.payments.demo_provider import SIGNATURE_HEADER, notification_body, sign
    from tests.commerce.stripe_stand_in import sign_payload

    deliveries = []
    for checkout_id in checkout_ids:
        if provider == "stripe":
            session = stand_ins.stripe.complete_session(checkout_id)
            body = json.dumps(
                stand_ins.stripe.event("checkout.session.completed", session)
            ).encode()
            headers = {"Stripe-Signature": sign_payload(body.decode(), WEBHOOK_SECRET)}
            deliveries.append(("/stripe/webhook/", body, headers))
        elif provider == "xendit":
            stand_ins.xendit.pay_invoice(checkout_id)
            body = stand_ins.xendit.callback_body(checkout_id)
            deliveries.append(
                ("/payments/xendit/callback/", body, {"x-callback-token": XENDIT_CALLBACK_TOKEN})
            )
        else:
            DemoCheckout.objects.filter(checkout_id=checkout_id).update(state="paid")
            body = notification_body(checkout_id, "demo.checkout.paid")
            deliveries.append(
                ("/payments/demo/notifications/", body, {SIGNATURE_HEADER: sign(body)})
            )
    return deliveries


def _rate(client, deliveries: list[Delivery]) -> float:
    started = time.perf_counter()
    for path, body, headers in deliveries:
        response = client.post(path, data=body, content_type="application/json", headers=headers)
        assert response.status_code == 200, response.content
    return len(deliveries) / (time.perf_counter() - started)


def bench(provider: str) -> None:
    from django.test import Client

    from commerce.shop.models import Order

    with bench_environment(provider) as stand_ins:
        _, variant = story_with_product(stock=ORDERS)
        for index in range(ORDERS):
            Client(REMOTE_ADDR=reader_address(index)).post(
                "/checkout/", {"variant": variant.pk, "quantity": 1, "email": "r@example.com"}
            )
        checkout_ids = list(Order.objects.values_list("provider_checkout_id", flat=True))
        deliveries = _paid_notifications(provider, stand_ins, checkout_ids)
        client = Client()
        fulfilling = _rate(client, deliveries)
        duplicates = _rate(client, deliveries)
        paid = Order.objects.filter(status=Order.Status.PAID).count()
        print(f"{provider}, database: {database_name()}; {ORDERS} notifications, one worker")
        print(f"  paid (fulfils an order): {fulfilling:8.1f}/s")
        print(f"  the same again (duplicates): {duplicates:8.1f}/s")
        print(f"  orders paid: {paid} of {ORDERS}")


if __name__ == "__main__":
    bench_each_provider(bench, __file__)
