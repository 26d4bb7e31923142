"""The demo payment provider: a page inside the site where the reader pays pretend money, so a
whole purchase runs without any provider's keys (development and the demo only; never where
STORYSHOP_DEMO_ALLOWED is False, as in production).

It plays a real provider's part faithfully: its checkouts live in its own table
(`DemoCheckout`, what a provider keeps on its servers), and the reader's choice on its page
reaches the shop as a notification signed with a key of its own (an HMAC of the body, keyed by
SECRET_KEY under this module's salt) through the same verified path as Stripe's and Xendit's
(`commerce.shop.services.webhooks.handle_notification`), which re-reads the checkout before
acting. Refunds succeed at once.
"""

import hashlib
import json
import secrets
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from commerce.shop.conf import DemoPayments, demo_payments, stripe_enabled
from commerce.shop.exceptions import ForgedWebhook, InvalidWebhook, PaymentProviderRefused
from commerce.shop.models import DemoCheckout
from commerce.shop.payments.contract import (
    CheckoutRequest,
    CheckoutState,
    Notification,
    PaymentChoice,
    ProviderCheckout,
    ProviderRefund,
    RefundedTotal,
    RefundState,
)
from commerce.shop.payments.xendit_conf import xendit_enabled

PROVIDER = "demo"
SIGNATURE_HEADER = "X-Storyshop-Demo-Signature"
SIGNING_SALT = "commerce.shop.payments.demo-notification"
CHECKOUT_LIFETIME = timedelta(minutes=30)
MAX_NOTIFICATION_BYTES = 4096
DEMO_EMAIL = "reader@example.com"
# The ways to pay the demo page offers: Indonesia's, and cards.
METHODS = ("QRIS", "GoPay", "OVO", "DANA", "ShopeePay", "Virtual account", "Card")


def sign(body: bytes) -> str:
    """The demo provider's signature of a notification body."""
    return salted_hmac(SIGNING_SALT, body, algorithm="sha256").hexdigest()


def notification_body(checkout_id: str, outcome: str) -> bytes:
    """A notification the demo provider sends: a fresh id, what happened, which checkout."""
    event = {"id": f"evt_demo_{secrets.token_hex(12)}", "type": outcome, "checkout": checkout_id}
    return json.dumps(event).encode()


def _checkout(record: DemoCheckout) -> ProviderCheckout:
    return ProviderCheckout(
        provider=PROVIDER,
        id=record.checkout_id,
        order_reference=record.order_reference,
        state=CheckoutState(record.state),
        amount=record.amount,
        currency=record.currency,
        url=reverse("commerce:demo_payment", args=[record.checkout_id]),
        payment_id=record.checkout_id if record.state == DemoCheckout.State.PAID else "",
        # Like a provider that asks the payer: the address given, or a pretend one.
        email=(record.email or DEMO_EMAIL) if record.state == DemoCheckout.State.PAID else "",
        method=record.method,
        expires_at=record.expires_at,
    )


def _record(checkout_id: str) -> DemoCheckout:
    record = DemoCheckout.objects.filter(checkout_id=checkout_id).first()
    if record is None:
        raise PaymentProviderRefused(f"The demo provider has no checkout {checkout_id}.")
    return record


def _refund_id(request_key: str) -> str:
    return "re_demo_" + hashlib.sha256(request_key.encode()).hexdigest()[:24]


class DemoProvider:
    """Pretend money on a page inside the site (see the module docstring)."""

    name = PROVIDER

    def is_enabled(self) -> bool:
        mode = demo_payments()
        if mode == DemoPayments.AUTO:
            return not (stripe_enabled() or xendit_enabled())
        return mode == DemoPayments.ON

    def choice(self) -> PaymentChoice:
        return PaymentChoice(self.name, "Demo payment (no real money)", METHODS)

    def checkout_lifetime(self) -> timedelta:
        return CHECKOUT_LIFETIME

    def opening_budget_seconds(self) -> float:
        return 1.0

    def start_checkout(self, request: CheckoutRequest) -> ProviderCheckout:
        record, _ = DemoCheckout.objects.get_or_create(
            checkout_id=f"demo_{request.order_reference}",
            defaults={
                "order_reference": request.order_reference,
                "amount": request.amount,
                "currency": request.currency,
                "email": request.email,
                "success_url": request.success_url,
                "cancel_url": request.cancel_url,
                "expires_at": request.expires_at,
            },
        )
        return _checkout(record)

    def get_checkout(self, checkout_id: str) -> ProviderCheckout:
        return _checkout(_record(checkout_id))

    def expire_checkout(self, checkout_id: str) -> ProviderCheckout:
        DemoCheckout.objects.filter(checkout_id=checkout_id, state=DemoCheckout.State.OPEN).update(
            state=DemoCheckout.State.EXPIRED
        )
        return self.get_checkout(checkout_id)

    def recent_checkouts(self, created_since: datetime) -> Iterator[ProviderCheckout]:
        for record in DemoCheckout.objects.filter(created_at__gte=created_since):
            yield _checkout(record)

    def read_notification(self, body: bytes, headers: Mapping[str, str]) -> Notification:
        if len(body) > MAX_NOTIFICATION_BYTES:
            raise InvalidWebhook("The notification is too large.")
        if not constant_time_compare(headers.get(SIGNATURE_HEADER) or "", sign(body)):
            raise ForgedWebhook(f"The {SIGNATURE_HEADER} header does not verify.")
        try:
            event = json.loads(body)
            event_id, kind, checkout_id = event["id"], event["type"], event["checkout"]
        except (ValueError, KeyError, TypeError) as error:
            raise InvalidWebhook("The body is not a demo notification.") from error
        if not all(
            isinstance(value, str) and 0 < len(value) <= 100
            for value in (event_id, kind, checkout_id)
        ):
            raise InvalidWebhook("The demo notification's fields are not short texts.")
        try:
            checkout = self.get_checkout(checkout_id)
        except PaymentProviderRefused as error:
            raise InvalidWebhook(error.message) from error
        return Notification(PROVIDER, event_id, kind, checkout_id, checkout=checkout)

    def create_refund(
        self, payment_id: str, amount: int, currency: str, request_key: str, order_reference: str
    ) -> ProviderRefund:
        _record(payment_id)
        return ProviderRefund(
            PROVIDER, _refund_id(request_key), RefundState.SUCCEEDED, amount, currency, payment_id
        )

    def find_refund(self, payment_id: str, request_key: str) -> ProviderRefund | None:
        return None  # creating it again is the same refund (its id comes from the request key)

    def get_refund(self, refund_id: str) -> ProviderRefund:
        return ProviderRefund(PROVIDER, refund_id, RefundState.SUCCEEDED, 0, "")

    def refunded_total(self, payment_id: str) -> RefundedTotal | None:
        return None  # the demo has no dashboard to refund in


def take_readers_choice(checkout_id: str, paid: bool, method: str) -> tuple[bytes, dict[str, str]]:
    """The reader pays (or makes the payment fail) on the demo page: the checkout moves, as a
    real provider's would, and the provider's signed notification of it is returned (body,
    headers) for the shop's notification path.

    Raises:
        PaymentProviderRefused: for an unknown checkout, one no longer open, or an unknown
            method (nothing changes).
    """
    if method not in METHODS:
        raise PaymentProviderRefused("Choose one of the ways to pay on the page.")
    state = DemoCheckout.State.PAID if paid else DemoCheckout.State.FAILED
    moved = DemoCheckout.objects.filter(
        checkout_id=checkout_id, state=DemoCheckout.State.OPEN, expires_at__gt=timezone.now()
    ).update(state=state, method=method)
    if not moved:
        raise PaymentProviderRefused("This demo checkout is no longer open.")
    body = notification_body(checkout_id, f"demo.checkout.{state}")
    return body, {SIGNATURE_HEADER: sign(body)}
