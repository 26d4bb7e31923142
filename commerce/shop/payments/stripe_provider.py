"""Stripe Checkout as a payment provider: cards, on Stripe's hosted page (`stripe_gateway` is
the only module that talks to Stripe)."""

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta

from commerce.shop.conf import stripe_config, stripe_enabled
from commerce.shop.payments import stripe_gateway
from commerce.shop.payments.contract import (
    CheckoutRequest,
    Notification,
    PaymentChoice,
    ProviderCheckout,
    ProviderRefund,
    RefundedTotal,
)

# stripe-python's longest pause between two retries (HTTPClient.MAX_DELAY).
STRIPE_MAX_RETRY_PAUSE_SECONDS = 5


class StripeProvider:
    """Cards through Stripe Checkout."""

    name = stripe_gateway.PROVIDER

    def is_enabled(self) -> bool:
        return stripe_enabled()

    def choice(self) -> PaymentChoice:
        return PaymentChoice(self.name, "Card", ("Visa", "Mastercard", "JCB", "American Express"))

    def checkout_lifetime(self) -> timedelta:
        return stripe_config().checkout_lifetime

    def opening_budget_seconds(self) -> float:
        config = stripe_config()
        attempts = config.max_network_retries + 1
        pauses = config.max_network_retries * STRIPE_MAX_RETRY_PAUSE_SECONDS
        return config.timeout_seconds * attempts + pauses

    def start_checkout(self, request: CheckoutRequest) -> ProviderCheckout:
        return stripe_gateway.create_checkout_session(request)

    def get_checkout(self, checkout_id: str) -> ProviderCheckout:
        return stripe_gateway.retrieve_checkout_session(checkout_id)

    def expire_checkout(self, checkout_id: str) -> ProviderCheckout:
        return stripe_gateway.expire_checkout_session(checkout_id)

    def recent_checkouts(self, created_since: datetime) -> Iterator[ProviderCheckout]:
        return stripe_gateway.list_checkout_sessions(created_since)

    def read_notification(self, body: bytes, headers: Mapping[str, str]) -> Notification:
        return stripe_gateway.read_webhook(body, headers.get("Stripe-Signature"))

    def create_refund(
        self, payment_id: str, amount: int, currency: str, request_key: str, order_reference: str
    ) -> ProviderRefund:
        return stripe_gateway.create_refund(payment_id, amount, request_key, order_reference)

    def find_refund(self, payment_id: str, request_key: str) -> ProviderRefund | None:
        return stripe_gateway.find_refund(payment_id, request_key)

    def get_refund(self, refund_id: str) -> ProviderRefund:
        return stripe_gateway.retrieve_refund(refund_id)

    def refunded_total(self, payment_id: str) -> RefundedTotal | None:
        return stripe_gateway.refunded_total(payment_id)
