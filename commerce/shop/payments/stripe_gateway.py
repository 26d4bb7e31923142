"""The only module that talks to Stripe.

A thin, typed layer over `stripe.StripeClient`: it takes and returns the payment contract's
dataclasses (`commerce.shop.payments.contract`), so the rest of the shop never sees a Stripe
object nor Stripe's words for states ("complete", "succeeded"), and turns every Stripe failure
into the shop's own `PaymentProviderRefused` (Stripe said no: nothing was done) or
`PaymentProviderUnavailable` (no answer, or a 5xx: the work may have been done), or
`InvalidWebhook`. Amounts cross this boundary as integer minor units.

Creator payouts go out through Stripe Connect: Express accounts the creators onboard on
Stripe's pages, and transfers from the shop's balance to theirs (read by `stripe_transfers`).

`STRIPE_API_BASE` sends the SDK to another server (the tests' local stand-in); retries and
timeouts are explicit settings.
"""

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from typing import Any

import stripe
from django.core.exceptions import ImproperlyConfigured

from commerce.shop.conf import StripeConfig, stripe_config
from commerce.shop.exceptions import (
    ForgedWebhook,
    InvalidWebhook,
    PaymentProviderError,
    PaymentProviderRefused,
    PaymentProviderUnavailable,
    PaymentsNotConfigured,
)
from commerce.shop.payments import stripe_json, stripe_transfers
from commerce.shop.payments.contract import (
    CheckoutRequest,
    CheckoutState,
    Notification,
    PayoutUpdate,
    ProviderCheckout,
    ProviderRefund,
    RefundedTotal,
    RefundState,
)
from commerce.shop.payments.stripe_transfers import PAYOUT_METADATA_KEY

logger = logging.getLogger(__name__)

# Connecting should be quick; reading may wait for Stripe to do the work.
CONNECT_TIMEOUT_SECONDS = 5.0
LIST_PAGE_SIZE = 100
# The metadata key that ties a Stripe refund to the shop's refund request.
REFUND_REQUEST_KEY = "refund_request"
PROVIDER = "stripe"
PAYOUT_RAIL = stripe_transfers.PAYOUT_RAIL


# Stripe's words for a refund's state.
_REFUND_STATES = {
    "succeeded": RefundState.SUCCEEDED,
    "failed": RefundState.FAILED,
    "canceled": RefundState.FAILED,
}
# A PaymentIntent in these states did not go through (a delayed payment that bounced).
_FAILED_PAYMENT_STATES = frozenset({"requires_payment_method", "canceled"})


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


def _checkout_state(status: str, payment_status: str) -> CheckoutState:
    if status == "complete":
        paid = payment_status in {"paid", "no_payment_required"}
        return CheckoutState.PAID if paid else CheckoutState.PROCESSING
    if status == "expired":
        return CheckoutState.EXPIRED
    return CheckoutState.OPEN


def _checkout_from(data: Mapping[str, Any]) -> ProviderCheckout:
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
    return ProviderCheckout(
        provider=PROVIDER,
        id=stripe_json.text(data, "id", required=True),
        order_reference=reference,
        state=_checkout_state(
            stripe_json.text(data, "status"), stripe_json.text(data, "payment_status")
        ),
        amount=stripe_json.amount(data, "amount_total"),
        currency=stripe_json.currency(data),
        url=stripe_json.text(data, "url", max_length=stripe_json.MAX_URL_LENGTH),
        payment_id=stripe_json.related_id(data, "payment_intent"),
        email=email
        or stripe_json.text(data, "customer_email", max_length=stripe_json.MAX_EMAIL_LENGTH),
        method="card",
        expires_at=stripe_json.timestamp(data, "expires_at"),
    )


def _plain(stripe_object: stripe.StripeObject) -> dict[str, Any]:
    return stripe_object.to_dict()


def create_checkout_session(request: CheckoutRequest) -> ProviderCheckout:
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
                "quantity": line.quantity,
                "price_data": {
                    "currency": request.currency.lower(),
                    "unit_amount": line.unit_amount,
                    "product_data": {"name": line.name, "metadata": {"sku": line.sku}},
                },
            }
            for line in request.lines
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
    return _checkout_from(_plain(session))


def retrieve_checkout_session(session_id: str) -> ProviderCheckout:
    """Return the current state of a Checkout Session; a completed one whose delayed payment
    bounced is FAILED (Stripe leaves the session "complete" and says so on the payment).

    Raises:
        PaymentProviderError: when Stripe fails or does not know the session.
    """
    config = _configured()
    try:
        session = _client(config).v1.checkout.sessions.retrieve(session_id)
    except stripe.StripeError as error:
        raise _provider_error("look up the checkout", error) from error
    checkout = _checkout_from(_plain(session))
    processing = checkout.state == CheckoutState.PROCESSING and checkout.payment_id
    if processing and _payment_status(config, checkout.payment_id)[0] in _FAILED_PAYMENT_STATES:
        return replace(checkout, state=CheckoutState.FAILED)
    return checkout


def expire_checkout_session(session_id: str) -> ProviderCheckout:
    """Close an open Checkout Session so it can no longer be paid.

    Raises:
        PaymentProviderError: when Stripe fails, or the session is no longer open.
    """
    config = _configured()
    try:
        session = _client(config).v1.checkout.sessions.expire(session_id)
    except stripe.StripeError as error:
        raise _provider_error("close the checkout", error) from error
    return _checkout_from(_plain(session))


def list_checkout_sessions(created_since: datetime) -> Iterator[ProviderCheckout]:
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
            yield _checkout_from(_plain(session))
    except stripe.StripeError as error:
        raise _provider_error("list recent checkouts", error) from error


def _refunded_total_from(charge: Mapping[str, Any]) -> RefundedTotal:
    """Read a charge's refunded total. Raises MalformedStripeObject as `_checkout_from` does."""
    stripe_json.text(charge, "id", required=True)
    return RefundedTotal(
        provider=PROVIDER,
        payment_id=stripe_json.related_id(charge, "payment_intent"),
        amount_refunded=stripe_json.amount(charge, "amount_refunded") or 0,
        currency=stripe_json.currency(charge),
    )


def _payment_status(config: StripeConfig, payment_intent_id: str) -> tuple[str, Any]:
    """(PaymentIntent status, its latest charge) from Stripe."""
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
    return str(intent.get("status") or ""), intent.get("latest_charge")


def refunded_total(payment_intent_id: str) -> RefundedTotal | None:
    """What Stripe says was refunded of a payment's latest charge in all (None without one).

    Raises:
        PaymentProviderError: when Stripe fails or does not know the payment.
    """
    charge = _payment_status(_configured(), payment_intent_id)[1]
    if not isinstance(charge, Mapping):
        return None
    try:
        return _refunded_total_from(charge)
    except stripe_json.MalformedStripeObject as error:
        raise PaymentProviderUnavailable(f"Stripe's charge cannot be read: {error}.") from error


def _refund_from(data: Mapping[str, Any]) -> ProviderRefund:
    """Read a refund. Raises MalformedStripeObject as `_checkout_from` does."""
    metadata = stripe_json.mapping(data, "metadata")
    return ProviderRefund(
        provider=PROVIDER,
        id=stripe_json.text(data, "id", required=True),
        state=_REFUND_STATES.get(stripe_json.text(data, "status"), RefundState.PENDING),
        amount=stripe_json.amount(data, "amount") or 0,
        currency=stripe_json.currency(data),
        payment_id=stripe_json.related_id(data, "payment_intent"),
        request_key=stripe_json.text(metadata, REFUND_REQUEST_KEY),
    )


def create_refund(
    payment_intent_id: str, amount: int, request_key: str, order_reference: str
) -> ProviderRefund:
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


def find_refund(payment_intent_id: str, request_key: str) -> ProviderRefund | None:
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


def retrieve_refund(refund_id: str) -> ProviderRefund:
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


# What each event type the shop acts on is about, by Stripe's own tag of its object
# (`"object": "checkout.session"`); every other type is recorded and ignored.
_EVENT_SUBJECTS = {
    "checkout.session.completed": "checkout.session",
    "checkout.session.async_payment_succeeded": "checkout.session",
    "checkout.session.async_payment_failed": "checkout.session",
    "checkout.session.expired": "checkout.session",
    "charge.refunded": "charge",
    # A refund settles (pending → succeeded) or fails, even after it succeeded.
    "charge.refund.updated": "refund",
    "refund.updated": "refund",
    "refund.failed": "refund",
    # Creator payouts: recorded with what they say (`Notification.payout`), not acted on yet.
    "transfer.created": "transfer",
    "transfer.updated": "transfer",
    "transfer.reversed": "transfer",
}


def _notification_from(event: Mapping[str, Any]) -> Notification:
    subject = stripe_json.mapping(stripe_json.mapping(event, "data", required=True), "object")
    notification = Notification(
        provider=PROVIDER,
        id=stripe_json.text(event, "id", required=True),
        kind=stripe_json.text(event, "type", required=True, max_length=100),
        object_id=stripe_json.text(subject, "id"),
    )
    about = _EVENT_SUBJECTS.get(notification.kind)
    if about is None:
        return notification
    if stripe_json.text(subject, "object") != about:
        raise stripe_json.MalformedStripeObject(f"the event is not about a {about}")
    if about == "charge":
        return replace(notification, refunded_total=_refunded_total_from(subject))
    if about == "refund":
        return replace(notification, refund=_refund_from(subject))
    if about == "transfer":
        payout = stripe_transfers.transfer_update(subject)
        # A transfer made in Stripe's dashboard names no payout of the shop's.
        return replace(notification, payout=payout) if payout.reference else notification
    checkout = _checkout_from(subject)
    if notification.kind == "checkout.session.async_payment_failed":
        checkout = replace(checkout, state=CheckoutState.FAILED)
    return replace(notification, checkout=checkout)


def read_webhook(payload: bytes, signature: str | None) -> Notification:
    """Verify a webhook's signature on its raw body and read the event, and the Checkout
    Session, charge, refund or transfer it is about, into the contract's types.

    Raises:
        PaymentsNotConfigured: without valid payment settings (keys included).
        InvalidWebhook: when the signature is missing, wrong or too old, or the body is not an
            event the shop can read (a field missing, of another type or too long to keep, or
            an object of another kind than its type says).
    """
    config = _configured()
    try:
        event = _plain(_client(config).construct_event(payload, signature, config.webhook_secret))
    except stripe.SignatureVerificationError as error:
        raise ForgedWebhook("The Stripe-Signature header does not verify.") from error
    except (ValueError, KeyError, AttributeError, TypeError) as error:
        raise InvalidWebhook("The body is not a Stripe event.") from error
    try:
        return _notification_from(event)
    except stripe_json.MalformedStripeObject as error:
        raise InvalidWebhook(f"The event cannot be read: {error}.") from error


# Creator payouts: Stripe Connect --------------------------------------------------------------


def _read_answer[Result](
    action: str, read: Callable[[Mapping[str, Any]], Result], answer: stripe.StripeObject
) -> Result:
    """Read one of Stripe's answers, or say it cannot be (as an outage: the work may be done)."""
    try:
        return read(_plain(answer))
    except stripe_json.MalformedStripeObject as error:
        logger.warning("Unreadable Stripe answer (%s): %s", action, error)
        raise PaymentProviderUnavailable(
            f"Stripe's answer cannot be read while we tried to {action}: {error}."
        ) from error


def _check_id(object_id: str, pattern: re.Pattern[str], kind: str) -> None:
    if not pattern.fullmatch(object_id):
        raise PaymentProviderRefused(f"{object_id[:40]!r} is not a Stripe {kind} id.")


def create_connected_account(email: str, country: str) -> str:
    """Create a creator's Express account (able to receive transfers) and return its id.

    Raises:
        PaymentsNotConfigured: without valid payment settings (keys included).
        PaymentProviderRefused: when Stripe refuses (e.g. a country it cannot pay out to).
        PaymentProviderUnavailable: when Stripe fails or does not answer.
    """
    config = _configured()
    params: dict[str, Any] = {
        "type": "express",
        "email": email,
        "country": country.upper(),
        "capabilities": {"transfers": {"requested": True}},
    }
    try:
        account = _client(config).v1.accounts.create(params)  # type: ignore[arg-type]
    except stripe.StripeError as error:
        raise _provider_error("open the creator's Stripe account", error) from error
    return _read_answer("open the creator's Stripe account", stripe_transfers.account_id, account)


def account_onboarding_link(account_id: str, refresh_url: str, return_url: str) -> str:
    """Return a fresh, single-use link to Stripe's onboarding pages for a connected account
    (Stripe sends the creator to `refresh_url` when it expired, to `return_url` when done).

    Raises:
        PaymentProviderRefused: for an id that is no account's, or one Stripe does not know.
        PaymentProviderUnavailable: when Stripe fails or does not answer.
    """
    config = _configured()
    _check_id(account_id, stripe_transfers.ACCOUNT_ID_PATTERN, "account")
    params: dict[str, Any] = {
        "account": account_id,
        "refresh_url": refresh_url,
        "return_url": return_url,
        "type": "account_onboarding",
    }
    try:
        link = _client(config).v1.account_links.create(params)  # type: ignore[arg-type]
    except stripe.StripeError as error:
        raise _provider_error("start the creator's onboarding", error) from error
    return _read_answer("start the creator's onboarding", stripe_transfers.onboarding_url, link)


def connected_account_ready(account_id: str) -> bool:
    """True when the creator finished Stripe's onboarding and Stripe pays out to them.

    Raises:
        PaymentProviderRefused: for an id that is no account's, or one Stripe does not know.
        PaymentProviderUnavailable: when Stripe fails or does not answer.
    """
    config = _configured()
    _check_id(account_id, stripe_transfers.ACCOUNT_ID_PATTERN, "account")
    try:
        account = _client(config).v1.accounts.retrieve(account_id)
    except stripe.StripeError as error:
        raise _provider_error("look up the creator's Stripe account", error) from error
    return _read_answer("look up the creator's account", stripe_transfers.account_ready, account)


def create_transfer(
    reference: str, amount: int, currency: str, destination: str, description: str = ""
) -> PayoutUpdate:
    """Transfer `amount` minor units to a connected account for the shop's payout `reference`.

    The reference is the transfer's group, its metadata and (as `payout-<reference>`) its
    idempotency key, so sending it again never pays twice; Stripe keeps keys for 24 hours, so
    look with `find_transfer` before sending again later.

    Raises:
        PaymentProviderRefused: when Stripe refuses (an account that cannot receive transfers,
            a balance too low): nothing was sent.
        PaymentProviderUnavailable: when Stripe fails or does not answer: it may have been sent.
    """
    config = _configured()
    _check_id(destination, stripe_transfers.ACCOUNT_ID_PATTERN, "account")
    params: dict[str, Any] = {
        "amount": amount,
        "currency": currency.lower(),
        "destination": destination,
        "transfer_group": reference,
        "metadata": {PAYOUT_METADATA_KEY: reference},
    }
    if description:
        params["description"] = description
    try:
        transfer = _client(config).v1.transfers.create(
            params,  # type: ignore[arg-type]
            {"idempotency_key": f"payout-{reference}"},
        )
    except stripe.StripeError as error:
        raise _provider_error("pay the creator", error) from error
    return _read_answer("pay the creator", stripe_transfers.transfer_update, transfer)


def find_transfer(reference: str) -> PayoutUpdate | None:
    """Return the transfer Stripe made for the shop's payout `reference`, if it made one.

    Raises:
        PaymentProviderError: when Stripe fails while listing.
    """
    config = _configured()
    params: dict[str, Any] = {"transfer_group": reference, "limit": LIST_PAGE_SIZE}
    try:
        page = _client(config).v1.transfers.list(params)  # type: ignore[arg-type]
        for transfer in page.auto_paging_iter():
            found = _read_answer("find the payout", stripe_transfers.transfer_update, transfer)
            if found.reference == reference:
                return found
    except stripe.StripeError as error:
        raise _provider_error("find the payout", error) from error
    return None


def retrieve_transfer(transfer_id: str) -> PayoutUpdate:
    """Return a transfer as Stripe has it now (REVERSED once any of it was taken back).

    Raises:
        PaymentProviderRefused: for an id that is no transfer's, or one Stripe does not know.
        PaymentProviderUnavailable: when Stripe fails or does not answer.
    """
    config = _configured()
    _check_id(transfer_id, stripe_transfers.TRANSFER_ID_PATTERN, "transfer")
    try:
        transfer = _client(config).v1.transfers.retrieve(transfer_id)
    except stripe.StripeError as error:
        raise _provider_error("look up the payout", error) from error
    return _read_answer("look up the payout", stripe_transfers.transfer_update, transfer)
