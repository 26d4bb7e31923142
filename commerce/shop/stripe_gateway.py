"""The only module that talks to Stripe.

A thin, typed layer over `stripe.StripeClient`: it takes and returns plain dataclasses, so the
rest of the shop never sees a Stripe object, and turns every Stripe failure into the shop's own
`PaymentProviderRefused` (Stripe said no: nothing was done) or `PaymentProviderUnavailable` (no
answer, or a 5xx: the work may have been done), or `InvalidWebhook`. Amounts cross this
boundary as integer minor units; `commerce.money` converts them. `STRIPE_API_BASE` sends the SDK
to another server (the tests' local stand-in); retries and timeouts are explicit settings.
"""

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import stripe
from django.core.exceptions import ImproperlyConfigured

from commerce.shop.conf import StripeConfig, stripe_config
from commerce.shop.exceptions import (
    InvalidWebhook,
    PaymentProviderError,
    PaymentProviderRefused,
    PaymentProviderUnavailable,
    PaymentsNotConfigured,
)

logger = logging.getLogger(__name__)

# Connecting should be quick; reading may wait for Stripe to do the work.
CONNECT_TIMEOUT_SECONDS = 5.0
LIST_PAGE_SIZE = 100
# The metadata key that ties a Stripe refund to the shop's refund request.
REFUND_REQUEST_KEY = "refund_request"


@dataclass(frozen=True)
class CheckoutLineItem:
    """One line of a Checkout Session, priced by the shop."""

    name: str
    sku: str
    unit_amount: int
    quantity: int


@dataclass(frozen=True)
class CheckoutRequest:
    """What the shop asks Stripe to show on its hosted checkout page."""

    order_reference: str
    currency: str
    line_items: tuple[CheckoutLineItem, ...]
    success_url: str
    cancel_url: str
    expires_at: datetime
    idempotency_key: str


@dataclass(frozen=True)
class CheckoutSession:
    """The parts of a Stripe Checkout Session the shop acts on."""

    id: str
    status: str  # open, complete or expired
    payment_status: str  # paid, unpaid or no_payment_required
    order_reference: str
    amount_total: int | None
    currency: str
    url: str = ""
    payment_intent_id: str = ""
    customer_email: str = ""
    expires_at: datetime | None = None

    @property
    def is_paid(self) -> bool:
        return self.status == "complete" and self.payment_status in {"paid", "no_payment_required"}


@dataclass(frozen=True)
class RefundResult:
    """A refund as Stripe recorded it."""

    id: str
    status: str  # pending, requires_action, succeeded, failed or canceled
    amount: int
    currency: str
    payment_intent_id: str = ""
    request_key: str = ""  # the shop's refund request it was made for (metadata), if any


@dataclass(frozen=True)
class ChargeRefunds:
    """How much of a charge has been refunded in total (`charge.refunded`, or looked up)."""

    charge_id: str
    payment_intent_id: str
    amount: int
    amount_refunded: int
    currency: str


@dataclass(frozen=True)
class Payment:
    """A PaymentIntent's state, and the refunds of its latest charge."""

    id: str
    # requires_payment_method, requires_confirmation, requires_action, processing,
    # requires_capture, canceled or succeeded
    status: str
    charge: ChargeRefunds | None = None

    @property
    def has_failed(self) -> bool:
        """True when the payment did not go through (a delayed payment that bounced)."""
        return self.status in {"requires_payment_method", "canceled"}


@dataclass(frozen=True)
class WebhookEvent:
    """A verified webhook event and the plain data of the object it is about."""

    id: str
    type: str
    object: Mapping[str, Any] = field(default_factory=dict)

    @property
    def object_id(self) -> str:
        return str(self.object.get("id") or "")


def _configured() -> StripeConfig:
    try:
        config = stripe_config()
    except ImproperlyConfigured:
        config = None
    if config is None or not config.enabled:
        raise PaymentsNotConfigured(
            "Payments are not configured on this site (`manage.py check` says what is missing)."
        )
    return config


@lru_cache(maxsize=4)
def _client(config: StripeConfig) -> stripe.StripeClient:
    """One client (and HTTP connection pool) per configuration."""
    http_client = stripe.RequestsClient(timeout=(CONNECT_TIMEOUT_SECONDS, config.timeout_seconds))
    return stripe.StripeClient(
        config.secret_key,
        base_addresses={"api": config.api_base} if config.api_base else {},
        max_network_retries=config.max_network_retries,
        http_client=http_client,
    )


def _provider_error(action: str, error: stripe.StripeError) -> PaymentProviderError:
    """Tell a clear refusal (a 4xx: nothing was done) from an answer that never came or a failure
    (a timeout, a 5xx, a rate limit, a clash of idempotent requests: the work may have been done).
    """
    logger.warning("Stripe error (%s): %r", action, error)
    status = error.http_status
    if isinstance(error, stripe.APIConnectionError):
        return PaymentProviderUnavailable(f"Stripe did not answer while we tried to {action}.")
    unknown = isinstance(error, stripe.RateLimitError | stripe.IdempotencyError)
    if unknown or status is None or status >= 500 or status == 409:
        return PaymentProviderUnavailable(
            f"Stripe failed while we tried to {action} (HTTP {status})."
        )
    return PaymentProviderRefused(f"Stripe refused to {action}: {error.user_message or error}")


def _id_of(value: Any) -> str:
    """The id of a related Stripe object, whether Stripe sent the id or the expanded object."""
    if isinstance(value, Mapping):
        value = value.get("id")
    return str(value or "")


def _timestamp(value: Any) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def _session_from(data: Mapping[str, Any]) -> CheckoutSession:
    metadata = data.get("metadata") or {}
    reference = metadata.get("order_reference") or data.get("client_reference_id") or ""
    details = data.get("customer_details") or {}
    return CheckoutSession(
        id=str(data["id"]),
        status=str(data.get("status") or ""),
        payment_status=str(data.get("payment_status") or ""),
        order_reference=str(reference),
        amount_total=data.get("amount_total"),
        currency=str(data.get("currency") or "").upper(),
        url=str(data.get("url") or ""),
        payment_intent_id=_id_of(data.get("payment_intent")),
        customer_email=str(details.get("email") or data.get("customer_email") or ""),
        expires_at=_timestamp(data.get("expires_at")),
    )


def _plain(stripe_object: stripe.StripeObject) -> dict[str, Any]:
    return stripe_object.to_dict()


def create_checkout_session(request: CheckoutRequest) -> CheckoutSession:
    """Create a hosted Checkout Session; repeating the same request returns the same session.

    Raises:
        PaymentsNotConfigured: without valid payment settings (keys included).
        PaymentProviderError: when Stripe fails, refuses or times out.
    """
    config = _configured()
    params: dict[str, Any] = {
        "mode": "payment",
        "client_reference_id": request.order_reference,
        "metadata": {"order_reference": request.order_reference},
        "payment_intent_data": {"metadata": {"order_reference": request.order_reference}},
        "line_items": [
            {
                "quantity": item.quantity,
                "price_data": {
                    "currency": request.currency.lower(),
                    "unit_amount": item.unit_amount,
                    "product_data": {"name": item.name, "metadata": {"sku": item.sku}},
                },
            }
            for item in request.line_items
        ],
        "success_url": request.success_url,
        "cancel_url": request.cancel_url,
        "expires_at": int(request.expires_at.timestamp()),
    }
    try:
        session = _client(config).v1.checkout.sessions.create(
            params,  # type: ignore[arg-type]
            {"idempotency_key": request.idempotency_key},
        )
    except stripe.StripeError as error:
        raise _provider_error("start the checkout", error) from error
    return _session_from(_plain(session))


def retrieve_checkout_session(session_id: str) -> CheckoutSession:
    """Return the current state of a Checkout Session.

    Raises:
        PaymentProviderError: when Stripe fails or does not know the session.
    """
    config = _configured()
    try:
        session = _client(config).v1.checkout.sessions.retrieve(session_id)
    except stripe.StripeError as error:
        raise _provider_error("look up the checkout", error) from error
    return _session_from(_plain(session))


def expire_checkout_session(session_id: str) -> CheckoutSession:
    """Close an open Checkout Session so it can no longer be paid.

    Raises:
        PaymentProviderError: when Stripe fails, or the session is no longer open.
    """
    config = _configured()
    try:
        session = _client(config).v1.checkout.sessions.expire(session_id)
    except stripe.StripeError as error:
        raise _provider_error("close the checkout", error) from error
    return _session_from(_plain(session))


def list_checkout_sessions(created_since: datetime) -> Iterator[CheckoutSession]:
    """Yield every Checkout Session created since `created_since`, newest first.

    Raises:
        PaymentProviderError: when Stripe fails while listing.
    """
    config = _configured()
    params: dict[str, Any] = {
        "created": {"gte": int(created_since.timestamp())},
        "limit": LIST_PAGE_SIZE,
    }
    try:
        page = _client(config).v1.checkout.sessions.list(params)  # type: ignore[arg-type]
        for session in page.auto_paging_iter():
            yield _session_from(_plain(session))
    except stripe.StripeError as error:
        raise _provider_error("list recent checkouts", error) from error


def _charge_refunds_from(charge: Mapping[str, Any]) -> ChargeRefunds:
    return ChargeRefunds(
        charge_id=str(charge.get("id") or ""),
        payment_intent_id=_id_of(charge.get("payment_intent")),
        amount=int(charge.get("amount") or 0),
        amount_refunded=int(charge.get("amount_refunded") or 0),
        currency=str(charge.get("currency") or "").upper(),
    )


def retrieve_payment(payment_intent_id: str) -> Payment:
    """Return a PaymentIntent's status and the refunded total of its latest charge.

    Raises:
        PaymentProviderError: when Stripe fails or does not know the payment.
    """
    config = _configured()
    params: dict[str, Any] = {"expand": ["latest_charge"]}
    try:
        intent = _plain(
            _client(config).v1.payment_intents.retrieve(
                payment_intent_id,
                params,  # type: ignore[arg-type]
            )
        )
    except stripe.StripeError as error:
        raise _provider_error("look up the payment", error) from error
    charge = intent.get("latest_charge")
    return Payment(
        id=str(intent["id"]),
        status=str(intent.get("status") or ""),
        charge=_charge_refunds_from(charge) if isinstance(charge, Mapping) else None,
    )


def _refund_from(data: Mapping[str, Any]) -> RefundResult:
    metadata = data.get("metadata") or {}
    return RefundResult(
        id=str(data["id"]),
        status=str(data.get("status") or ""),
        amount=int(data.get("amount") or 0),
        currency=str(data.get("currency") or "").upper(),
        payment_intent_id=_id_of(data.get("payment_intent")),
        request_key=str(metadata.get(REFUND_REQUEST_KEY) or ""),
    )


def create_refund(
    payment_intent_id: str, amount: int, request_key: str, order_reference: str
) -> RefundResult:
    """Refund `amount` minor units of a payment for the shop's refund request `request_key`.

    The idempotency key and the refund's metadata are derived from `request_key`, so sending the
    same request again never refunds twice, and `find_refund` can find it later.

    Raises:
        PaymentProviderRefused: when Stripe refuses (e.g. more than is left): nothing refunded.
        PaymentProviderUnavailable: when Stripe fails or does not answer: it may have refunded.
    """
    config = _configured()
    params: dict[str, Any] = {
        "payment_intent": payment_intent_id,
        "amount": amount,
        "metadata": {"order_reference": order_reference, REFUND_REQUEST_KEY: request_key},
    }
    try:
        refund = _client(config).v1.refunds.create(
            params,  # type: ignore[arg-type]
            {"idempotency_key": f"refund-{request_key}"},
        )
    except stripe.StripeError as error:
        raise _provider_error("refund the payment", error) from error
    return _refund_from(_plain(refund))


def find_refund(payment_intent_id: str, request_key: str) -> RefundResult | None:
    """Return the refund Stripe made for the shop's refund request `request_key`, if any.

    Stripe keeps idempotency keys for 24 hours only; looking first makes a later retry safe too.

    Raises:
        PaymentProviderError: when Stripe fails while listing.
    """
    config = _configured()
    params: dict[str, Any] = {"payment_intent": payment_intent_id, "limit": LIST_PAGE_SIZE}
    try:
        page = _client(config).v1.refunds.list(params)  # type: ignore[arg-type]
        for refund in page.auto_paging_iter():
            found = _refund_from(_plain(refund))
            if found.request_key == request_key:
                return found
    except stripe.StripeError as error:
        raise _provider_error("look up the refunds of the payment", error) from error
    return None


def retrieve_refund(refund_id: str) -> RefundResult:
    """Return a refund as Stripe has it now.

    Raises:
        PaymentProviderError: when Stripe fails or does not know the refund.
    """
    config = _configured()
    try:
        refund = _client(config).v1.refunds.retrieve(refund_id)
    except stripe.StripeError as error:
        raise _provider_error("look up the refund", error) from error
    return _refund_from(_plain(refund))


def construct_webhook_event(payload: bytes, signature: str | None) -> WebhookEvent:
    """Verify a webhook's signature on its raw body and return the event.

    Raises:
        PaymentsNotConfigured: without valid payment settings (keys included).
        InvalidWebhook: when the signature is missing, wrong or too old, or the body is not an
            event.
    """
    config = _configured()
    try:
        event = _client(config).construct_event(payload, signature, config.webhook_secret)
        event_object = _plain(event.data.object)
    except stripe.SignatureVerificationError as error:
        raise InvalidWebhook("The Stripe-Signature header does not verify.") from error
    except (ValueError, KeyError, AttributeError) as error:
        raise InvalidWebhook("The body is not a Stripe event.") from error
    return WebhookEvent(id=event.id, type=event.type, object=event_object)


def checkout_session_from_event(event: WebhookEvent) -> CheckoutSession:
    """Return the Checkout Session a `checkout.session.*` event is about."""
    return _session_from(event.object)


def charge_refunds_from_event(event: WebhookEvent) -> ChargeRefunds:
    """Return the refund totals of the charge a `charge.refunded` event is about."""
    return _charge_refunds_from(event.object)


def refund_from_event(event: WebhookEvent) -> RefundResult:
    """Return the refund a `charge.refund.updated`, `refund.updated` or `refund.failed` event is
    about."""
    return _refund_from(event.object)
