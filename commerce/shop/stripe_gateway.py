"""The only module that talks to Stripe.

A thin, typed layer over `stripe.StripeClient`: it takes and returns plain dataclasses, so the
rest of the shop never sees a Stripe object, and turns every Stripe failure into the shop's own
`PaymentProviderRefused` (Stripe said no: nothing was done) or `PaymentProviderUnavailable` (no
answer, or a 5xx: the work may have been done), or `InvalidWebhook`. Amounts cross this
boundary as integer minor units; `commerce.money` converts them. `STRIPE_API_BASE` sends the SDK
to another server (the tests' local stand-in); retries and timeouts are explicit settings.
"""

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import stripe
from django.core.exceptions import ImproperlyConfigured

from commerce.shop import stripe_json
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


# What a webhook event can be about, read into the gateway's types.
EventSubject = CheckoutSession | ChargeRefunds | RefundResult


@dataclass(frozen=True)
class WebhookEvent:
    """A verified webhook event, with the object it is about read when the shop reads that kind
    (a Checkout Session, a charge or a refund), else None."""

    id: str
    type: str
    object_id: str = ""
    subject: EventSubject | None = None


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


def _session_from(data: Mapping[str, Any]) -> CheckoutSession:
    """Read a Checkout Session; every field with Stripe's type (see `stripe_json`).

    Raises:
        MalformedStripeObject: when a field is missing, of another type or too long.
    """
    metadata = stripe_json.mapping(data, "metadata")
    reference = stripe_json.text(metadata, "order_reference") or stripe_json.text(
        data, "client_reference_id"
    )
    details = stripe_json.mapping(data, "customer_details")
    email = stripe_json.text(details, "email", max_length=stripe_json.MAX_EMAIL_LENGTH)
    return CheckoutSession(
        id=stripe_json.text(data, "id", required=True),
        status=stripe_json.text(data, "status"),
        payment_status=stripe_json.text(data, "payment_status"),
        order_reference=reference,
        amount_total=stripe_json.amount(data, "amount_total"),
        currency=stripe_json.currency(data),
        url=stripe_json.text(data, "url", max_length=stripe_json.MAX_URL_LENGTH),
        payment_intent_id=stripe_json.related_id(data, "payment_intent"),
        customer_email=email
        or stripe_json.text(data, "customer_email", max_length=stripe_json.MAX_EMAIL_LENGTH),
        expires_at=stripe_json.timestamp(data, "expires_at"),
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
    """Read a charge's refund totals. Raises MalformedStripeObject as `_session_from` does."""
    return ChargeRefunds(
        charge_id=stripe_json.text(charge, "id", required=True),
        payment_intent_id=stripe_json.related_id(charge, "payment_intent"),
        amount=stripe_json.amount(charge, "amount") or 0,
        amount_refunded=stripe_json.amount(charge, "amount_refunded") or 0,
        currency=stripe_json.currency(charge),
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
    """Read a refund. Raises MalformedStripeObject as `_session_from` does."""
    metadata = stripe_json.mapping(data, "metadata")
    return RefundResult(
        id=stripe_json.text(data, "id", required=True),
        status=stripe_json.text(data, "status"),
        amount=stripe_json.amount(data, "amount") or 0,
        currency=stripe_json.currency(data),
        payment_intent_id=stripe_json.related_id(data, "payment_intent"),
        request_key=stripe_json.text(metadata, REFUND_REQUEST_KEY),
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


# How to read what an event is about, by Stripe's own tag of the object (`"object": "refund"`);
# other kinds (customers, disputes, ...) are recorded and ignored.
_SUBJECT_READERS: dict[str, Callable[[Mapping[str, Any]], EventSubject]] = {
    "checkout.session": _session_from,
    "charge": _charge_refunds_from,
    "refund": _refund_from,
}


def _webhook_event_from(event: Mapping[str, Any]) -> WebhookEvent:
    subject = stripe_json.mapping(stripe_json.mapping(event, "data", required=True), "object")
    reader = _SUBJECT_READERS.get(stripe_json.text(subject, "object"))
    return WebhookEvent(
        id=stripe_json.text(event, "id", required=True),
        type=stripe_json.text(event, "type", required=True, max_length=100),
        object_id=stripe_json.text(subject, "id"),
        subject=reader(subject) if reader is not None else None,
    )


def construct_webhook_event(payload: bytes, signature: str | None) -> WebhookEvent:
    """Verify a webhook's signature on its raw body and read the event, and the Checkout
    Session, charge or refund it is about, into the gateway's types.

    Raises:
        PaymentsNotConfigured: without valid payment settings (keys included).
        InvalidWebhook: when the signature is missing, wrong or too old, or the body is not an
            event the shop can read (a field missing, of another type or too long to keep).
    """
    config = _configured()
    try:
        event = _plain(_client(config).construct_event(payload, signature, config.webhook_secret))
    except stripe.SignatureVerificationError as error:
        raise InvalidWebhook("The Stripe-Signature header does not verify.") from error
    except (ValueError, KeyError, AttributeError, TypeError) as error:
        raise InvalidWebhook("The body is not a Stripe event.") from error
    try:
        return _webhook_event_from(event)
    except stripe_json.MalformedStripeObject as error:
        raise InvalidWebhook(f"The event cannot be read: {error}.") from error
