"""The only module that talks to Xendit's API and the only one that imports its SDK.

Callers give and get the frozen dataclasses of `xendit_types`; every failure becomes
`PaymentProviderRefused` (a 4xx: Xendit did nothing) or `PaymentProviderUnavailable` (no answer,
a timeout, a 5xx, 409 or 429, an unreadable answer: the work may have been done).

The official SDK (`xendit-python` 7) supplies authentication, endpoints and connection pool, and
is bypassed where it would hurt, each time through an option it documents: its request models
refuse an int amount (`_check_type=False` keeps whole rupiah); its answer models read amounts
as floats and make 17 invoice fields mandatory (one missing, e.g. `available_paylaters`, is a
bare TypeError), so answers come raw (`_preload_content=False`) and `xendit_json` reads them;
its `create_invoice` cannot send an idempotency key (`call_api` does); urllib3's silent retries
are off, and `_retry` repeats only GETs and keyed POSTs.

Amounts cross as whole rupiah (Xendit's IDR has no minor units: Rp 85.000 is 85000); an amount
with cents is refused, never rounded.

Creator payouts go out through Xendit's v2 Payouts API to Indonesian banks and e-wallets; the
SDK's PayoutApi is used as is (with `_check_type=False`, as for refunds, and raw answers).
Account numbers and holders' names are never logged.
"""

import hmac
import logging
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

import urllib3
import xendit
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from xendit.invoice.invoice_api import InvoiceApi
from xendit.payout.model.create_payout_request import CreatePayoutRequest
from xendit.payout.payout_api import PayoutApi
from xendit.refund.model.create_refund import CreateRefund
from xendit.refund.refund_api import RefundApi

from commerce.shop.exceptions import (
    ForgedWebhook,
    InvalidWebhook,
    PaymentProviderError,
    PaymentProviderRefused,
    PaymentProviderUnavailable,
    PaymentsNotConfigured,
)
from commerce.shop.payments import xendit_json
from commerce.shop.payments.contract import PayoutUpdate
from commerce.shop.payments.xendit_conf import XenditConfig, xendit_config
from commerce.shop.payments.xendit_types import (
    Invoice,
    InvoiceCallback,
    InvoiceRequest,
    PayoutCallback,
    RefundReason,
    XenditPayout,
    XenditPayoutRequest,
    XenditRefund,
)

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 5.0
RETRY_DELAY_SECONDS = 0.5  # doubled after each try that failed
MAX_CALLBACK_BYTES = 64 * 1024
# The SDK's own path for InvoiceApi.create_invoice, sent with the header it has no parameter
# for. Xendit's older ("v2") APIs read X-IDEMPOTENCY-KEY; its refund API reads idempotency-key.
CREATE_INVOICE_PATH = "/v2/invoices/"
INVOICE_IDEMPOTENCY_HEADER = "X-IDEMPOTENCY-KEY"
PAYOUT_RAIL = "xendit"


def _configured() -> XenditConfig:
    try:
        config = xendit_config()
    except ImproperlyConfigured:
        config = None
    if config is None or not config.enabled:
        raise PaymentsNotConfigured(
            "Xendit is not configured on this site (`manage.py check` says what is missing)."
        )
    return config


@lru_cache(maxsize=4)
def _client(config: XenditConfig) -> Any:
    """One SDK client (and urllib3 connection pool) per configuration."""
    configuration = xendit.Configuration(host=config.api_base or None, api_key=config.secret_key)
    # Off: urllib3 would send a timed-out GET three more times on its own (10 s becoming 40 s).
    configuration.retries = False
    return xendit.ApiClient(configuration)


def _raw(config: XenditConfig) -> dict[str, Any]:
    """Per call: the answer unread by the SDK's models, and the connect and read timeouts."""
    return {
        "_preload_content": False,
        "_request_timeout": (CONNECT_TIMEOUT_SECONDS, config.timeout_seconds),
    }


def _http_status(error: BaseException | None) -> int:
    status = str(getattr(error, "status", "") or "")
    return int(status) if status.isdigit() else 0


def _provider_error(action: str, error: Exception) -> PaymentProviderError:
    """Tell a clear refusal (a 4xx: nothing was done) from an answer that never came or a failure
    (a timeout, a 5xx, a clash of idempotent requests, a rate limit: the work may have been done).
    """
    status = _http_status(error)
    code = str(getattr(error, "errorCode", "") or "")
    logger.warning("Xendit error (%s): HTTP %s %s %s", action, status, code, type(error).__name__)
    if isinstance(error, ValueError | RecursionError):
        return PaymentProviderUnavailable(f"Xendit's answer is not JSON (we tried to {action}).")
    if not status:  # a timeout, a refused or broken connection, TLS
        return PaymentProviderUnavailable(f"Xendit did not answer while we tried to {action}.")
    if not 400 <= status < 500 or status in {409, 429}:
        return PaymentProviderUnavailable(
            f"Xendit failed while we tried to {action} (HTTP {status})."
        )
    message = str(getattr(error, "errorMessage", "") or code)[:200]
    return PaymentProviderRefused(f"Xendit refused to {action}: {message}")


def _call[Result](action: str, send: Callable[[], Any], read: Callable[[Any], Result]) -> Result:
    """Send one request and read its answer with `read`, or raise the shop's error."""
    try:
        response = send()
        try:
            data = xendit_json.parse(response.data)
        finally:
            response.release_conn()  # an unread (raw) answer would keep its connection
    except xendit.XenditSdkException as error:
        raise _provider_error(action, error) from error
    except xendit.OpenApiException:
        raise  # the SDK refused our arguments before sending: a bug here, not an outage
    except (urllib3.exceptions.HTTPError, ValueError, RecursionError) as error:
        # Timeouts and broken connections; and a body that is not JSON, which for an error
        # answer (a proxy's HTML 502) the SDK's own exception fails to parse.
        raise _provider_error(action, error) from error
    try:
        return read(data)
    except xendit_json.MalformedXenditObject as error:
        logger.warning("Unreadable Xendit answer (%s): %s", action, error)
        raise PaymentProviderUnavailable(
            f"Xendit's answer cannot be read while we tried to {action}: {error}."
        ) from error


def _retry[Result](config: XenditConfig, attempt: Callable[[int], Result], safe: bool) -> Result:
    """Run `attempt(0)` and, when it is safe to repeat (a GET, or a POST with an idempotency
    key), up to XENDIT_MAX_NETWORK_RETRIES more tries after an unknown outcome."""
    tries = 1 + (config.max_network_retries if safe else 0)
    for number in range(tries - 1):
        try:
            return attempt(number)
        except PaymentProviderUnavailable:
            time.sleep(RETRY_DELAY_SECONDS * 2**number)
    return attempt(tries - 1)


def _fetch[Result](
    config: XenditConfig, action: str, send: Callable[[], Any], read: Callable[[Any], Result]
) -> Result:
    """`_call`, repeated after an unknown outcome: for GETs and keyed POSTs only."""
    return _retry(config, lambda _: _call(action, send, read), safe=True)


def _check_id(object_id: str, kind: str) -> None:
    if not xendit_json.ID_PATTERN.fullmatch(object_id):
        raise PaymentProviderRefused(f"{object_id[:40]!r} is not a Xendit {kind} id.")


def create_invoice(request: InvoiceRequest) -> Invoice:
    """Open Xendit's hosted invoice for an order; asking again for the same order returns the
    invoice it already has.

    The idempotency key is derived from the order reference, and before sending again after an
    unknown outcome (or when Xendit says the key was used: 409) the order's invoice is looked up
    by external_id, so a lost answer never makes a second invoice.

    Raises:
        PaymentsNotConfigured: without valid XENDIT_* settings.
        PaymentProviderRefused: for another currency than IDR, a hold already over, or a 4xx.
        PaymentProviderUnavailable: when Xendit fails or does not answer.
        MoneyError: for an amount with cents.
    """
    config = _configured()
    body = xendit_json.invoice_body(request, timezone.now())  # every try sends this
    headers = {
        "Accept": "application/json",
        "Content-Type": "application/json",
        INVOICE_IDEMPOTENCY_HEADER: f"invoice-{request.order_reference}",
    }

    def send() -> Any:
        return _client(config).call_api(
            CREATE_INVOICE_PATH,
            "POST",
            header_params=headers,
            body=body,
            response_type=None,
            auth_settings=[],
            _return_http_data_only=True,
            **_raw(config),
        )

    def attempt(number: int) -> Invoice:
        if number and (made := _find_invoice(config, request.order_reference)):
            return made
        try:
            return _call("open the payment page", send, xendit_json.invoice_from)
        except PaymentProviderUnavailable as error:
            clash = _http_status(error.__cause__) == 409
            if clash and (made := _find_invoice(config, request.order_reference)):
                return made
            raise

    return _retry(config, attempt, safe=True)


def get_invoice(invoice_id: str) -> Invoice:
    """Return an invoice as Xendit has it now: what every state change must be based on.

    Raises:
        PaymentProviderRefused: for an id Xendit does not know (or that is no id).
        PaymentProviderUnavailable: when Xendit fails or does not answer.
    """
    config = _configured()
    _check_id(invoice_id, "invoice")
    api = InvoiceApi(_client(config))
    return _fetch(
        config,
        "look up the payment",
        lambda: api.get_invoice_by_id(invoice_id, **_raw(config)),
        xendit_json.invoice_from,
    )


def _find_invoice(config: XenditConfig, external_id: str) -> Invoice | None:
    """One try: the order's paid invoice if any, else its newest (Xendit lists newest first)."""
    api = InvoiceApi(_client(config))
    found = _call(
        "find the payment",
        lambda: api.get_invoices(external_id=external_id, **_raw(config)),
        xendit_json.invoices_from,
    )
    mine = [invoice for invoice in found if invoice.external_id == external_id]
    return next((invoice for invoice in mine if invoice.is_paid), mine[0] if mine else None)


def find_invoice(external_id: str) -> Invoice | None:
    """Return Xendit's invoice for an order reference (a paid one first, else the newest), or
    None when it has none: for reconciling, and for a checkout whose answer was lost.

    Raises:
        PaymentProviderUnavailable: when Xendit fails or does not answer.
    """
    config = _configured()
    return _retry(config, lambda _: _find_invoice(config, external_id), safe=True)


def list_invoices(created_since: datetime) -> Iterator[Invoice]:
    """Yield every invoice created since `created_since`, newest first (for reconciling).

    Pages are Xendit's default size: the SDK types `limit` as a float, which would be sent as
    "100.0", and switching its input check off breaks the call (its own None defaults).

    Raises:
        PaymentProviderUnavailable: when Xendit fails while listing.
    """
    config = _configured()
    api = InvoiceApi(_client(config))
    query: dict[str, Any] = {"created_after": created_since.astimezone(UTC)}
    while True:
        page = _fetch(
            config,
            "list recent payments",
            lambda: api.get_invoices(**query, **_raw(config)),
            xendit_json.invoices_from,
        )
        if not page:
            return
        yield from page
        query["last_invoice"] = page[-1].id


def expire_invoice(invoice_id: str) -> Invoice:
    """Close a pending invoice so it can no longer be paid (sent once, never repeated).

    Raises:
        PaymentProviderRefused: when Xendit does not know it or it is no longer pending (it may
            have been paid meanwhile: re-read it).
        PaymentProviderUnavailable: when Xendit fails or does not answer.
    """
    config = _configured()
    _check_id(invoice_id, "invoice")
    api = InvoiceApi(_client(config))
    return _call(
        "close the payment page",
        lambda: api.expire_invoice(invoice_id, **_raw(config)),
        xendit_json.invoice_from,
    )


def create_refund(
    invoice_id: str,
    amount: Decimal,
    reference: str,
    reason: RefundReason = RefundReason.CUSTOMER_REQUEST,
) -> XenditRefund:
    """Refund `amount` rupiah of a paid invoice for the shop's refund `reference`.

    The reference is the refund's reference_id and, as `refund-<reference>`, its idempotency
    key, so sending it again never refunds twice (later than Xendit keeps keys: `find_refund`).

    Raises:
        PaymentProviderRefused: when Xendit refuses (more than is left, or a channel it cannot
            refund through the API, such as virtual accounts and retail outlets): nothing done.
        PaymentProviderUnavailable: when Xendit fails or does not answer: it may have refunded.
        MoneyError: for an amount with cents.
    """
    config = _configured()
    _check_id(invoice_id, "invoice")
    rupiah = xendit_json.whole_rupiah(amount)
    if rupiah < 1:
        raise ValueError("A refund is of at least Rp 1.")
    refund = CreateRefund(
        invoice_id=invoice_id,
        reference_id=reference,
        amount=rupiah,
        currency="IDR",
        reason=xendit_json.REFUND_REASONS[reason],
        _check_type=False,  # keeps the amount an integer (the model insists on a float)
    )
    api = RefundApi(_client(config))
    return _fetch(
        config,
        "refund the payment",
        lambda: api.create_refund(
            idempotency_key=f"refund-{reference}", create_refund=refund, **_raw(config)
        ),
        xendit_json.refund_from,
    )


def get_refund(refund_id: str) -> XenditRefund:
    """Return a refund as Xendit has it now.

    Raises:
        PaymentProviderRefused: for an id Xendit does not know (or that is no id).
        PaymentProviderUnavailable: when Xendit fails or does not answer.
    """
    config = _configured()
    _check_id(refund_id, "refund")
    api = RefundApi(_client(config))
    return _fetch(
        config,
        "look up the refund",
        lambda: api.get_refund(refund_id, **_raw(config)),
        xendit_json.refund_from,
    )


def list_refunds(invoice_id: str) -> list[XenditRefund]:
    """Return every refund of an invoice (the shop's and those made in Xendit's dashboard).

    Raises:
        PaymentProviderRefused: for what is no invoice id.
        PaymentProviderUnavailable: when Xendit fails while listing.
    """
    config = _configured()
    _check_id(invoice_id, "invoice")
    api = RefundApi(_client(config))
    query = {"invoice_id": invoice_id}  # pages of Xendit's default size (see list_invoices)
    refunds: list[XenditRefund] = []
    while True:
        page, has_more = _fetch(
            config,
            "list the refunds of the payment",
            lambda: api.get_all_refunds(**query, **_raw(config)),
            xendit_json.refunds_page_from,
        )
        refunds.extend(page)
        if not has_more or not page:
            return refunds
        query["after_id"] = page[-1].id


def find_refund(invoice_id: str, reference: str) -> XenditRefund | None:
    """Return the refund Xendit made for the shop's refund `reference`, if any: looking before
    sending again keeps a retry safe even after Xendit has forgotten the idempotency key.

    Raises:
        PaymentProviderUnavailable: when Xendit fails while listing.
    """
    return next((found for found in list_refunds(invoice_id) if found.reference == reference), None)


def opening_budget_seconds() -> float:
    """The longest `create_invoice` can take: every request timing out, and the pauses.

    Raises:
        PaymentsNotConfigured: without valid XENDIT_* settings.
    """
    config = _configured()
    retries = config.max_network_retries
    pauses = sum(RETRY_DELAY_SECONDS * 2**number for number in range(retries))
    # Each later try may first look the invoice up: two requests.
    return (CONNECT_TIMEOUT_SECONDS + config.timeout_seconds) * (1 + 2 * retries) + pauses


def verify_callback_token(received: str | None) -> None:
    """Check a callback's `x-callback-token` header against XENDIT_CALLBACK_TOKEN, in constant
    time. The token is a shared secret, not a signature of the body: act only on the invoice
    re-read with `get_invoice`, never on what the callback says.

    Raises:
        PaymentsNotConfigured: without valid XENDIT_* settings.
        InvalidWebhook: when the header is missing or wrong.
    """
    config = _configured()
    if not received:
        raise ForgedWebhook("The x-callback-token header is missing.")
    expected = config.callback_token.encode()
    if not hmac.compare_digest(received.encode("utf-8", "replace"), expected):
        raise ForgedWebhook("The x-callback-token header does not match.")


def parse_invoice_callback(body: bytes) -> InvoiceCallback:
    """Read which invoice a callback is about (and what it claims), nothing more.

    Raises:
        InvalidWebhook: for a body over 64 KiB, not JSON, not an object, or without a readable
            invoice id, external_id or known status.
    """
    if len(body) > MAX_CALLBACK_BYTES:
        raise InvalidWebhook(f"The callback is larger than {MAX_CALLBACK_BYTES // 1024} KiB.")
    try:
        return xendit_json.callback_from(xendit_json.parse(body))
    except (ValueError, RecursionError) as error:  # MalformedXenditObject is a ValueError
        raise InvalidWebhook(f"The callback is not an invoice callback: {error}.") from error


# Creator payouts ------------------------------------------------------------------------------


def _find_payout(config: XenditConfig, reference: str) -> XenditPayout | None:
    """One try: the payout Xendit made for the shop's payout reference, if any."""
    api = PayoutApi(_client(config))
    found = _call(
        "find the payout",
        lambda: api.get_payouts(reference_id=reference, **_raw(config)),
        xendit_json.payouts_from,
    )
    return next((payout for payout in found if payout.reference == reference), None)


def create_payout(request: XenditPayoutRequest) -> XenditPayout:
    """Send rupiah to a creator's bank account or e-wallet for the shop's payout reference.

    The reference is the payout's reference_id and, as `payout-<reference>`, its idempotency
    key (which Xendit keeps without expiry), so sending it again never pays twice; before
    sending again after an unknown outcome, or when Xendit says the key was used (409), the
    payout is looked up by its reference.

    Raises:
        PaymentsNotConfigured: without valid XENDIT_* settings.
        PaymentProviderRefused: for a channel or account Xendit cannot pay, or a 4xx: nothing
            was sent.
        PaymentProviderUnavailable: when Xendit fails or does not answer: it may have been sent.
        MoneyError: for an amount with cents, or of nothing.
    """
    config = _configured()
    body = CreatePayoutRequest(**xendit_json.payout_body(request), _check_type=False)
    api = PayoutApi(_client(config))

    def send() -> Any:
        key = f"payout-{request.reference}"
        return api.create_payout(idempotency_key=key, create_payout_request=body, **_raw(config))

    def attempt(number: int) -> XenditPayout:
        if number and (made := _find_payout(config, request.reference)):
            return made
        try:
            return _call("pay the creator", send, xendit_json.payout_from)
        except PaymentProviderUnavailable as error:
            clash = _http_status(error.__cause__) == 409
            if clash and (made := _find_payout(config, request.reference)):
                return made
            raise

    return _retry(config, attempt, safe=True)


def find_payout(reference: str) -> XenditPayout | None:
    """Return the payout Xendit made for the shop's payout reference, or None.

    Raises:
        PaymentProviderUnavailable: when Xendit fails or does not answer.
    """
    config = _configured()
    return _retry(config, lambda _: _find_payout(config, reference), safe=True)


def retrieve_payout(payout_id: str) -> XenditPayout:
    """Return a payout as Xendit has it now.

    Raises:
        PaymentProviderRefused: for an id Xendit does not know (or that is no id).
        PaymentProviderUnavailable: when Xendit fails or does not answer.
    """
    config = _configured()
    _check_id(payout_id, "payout")
    api = PayoutApi(_client(config))
    return _fetch(
        config,
        "look up the payout",
        lambda: api.get_payout_by_id(payout_id, **_raw(config)),
        xendit_json.payout_from,
    )


def is_payout_callback(body: bytes) -> bool:
    """True when `body` reads as a payout callback (`"event": "payout.…"`), so the one callback
    address serves invoices and payouts; anything else is read as an invoice callback."""
    if len(body) > MAX_CALLBACK_BYTES:
        return False
    try:
        data = xendit_json.parse(body)
    except (ValueError, RecursionError):
        return False
    event = data.get("event") if isinstance(data, dict) else None
    return isinstance(event, str) and event.startswith("payout.")


def parse_payout_callback(body: bytes) -> PayoutCallback:
    """Read which payout a callback is about (and what it claims), nothing more.

    Raises:
        InvalidWebhook: for a body over 64 KiB, not JSON, not a payout event, or without a
            readable payout id, reference_id or known status.
    """
    if len(body) > MAX_CALLBACK_BYTES:
        raise InvalidWebhook(f"The callback is larger than {MAX_CALLBACK_BYTES // 1024} KiB.")
    try:
        return xendit_json.payout_callback_from(xendit_json.parse(body))
    except (ValueError, RecursionError) as error:  # MalformedXenditObject is a ValueError
        raise InvalidWebhook(f"The callback is not a payout callback: {error}.") from error


def read_payout_callback(body: bytes, token: str | None) -> PayoutUpdate:
    """Verify a payout callback's token, read which payout it is about, and report that payout
    as Xendit's API has it now: never the state the body claims.

    Raises:
        PaymentsNotConfigured: without valid XENDIT_* settings.
        ForgedWebhook: when the x-callback-token header is missing or wrong.
        InvalidWebhook: when the body cannot be read, or names a payout Xendit does not know.
        PaymentProviderUnavailable: when Xendit cannot be asked (it delivers the callback again).
    """
    verify_callback_token(token)
    callback = parse_payout_callback(body)
    try:
        payout = retrieve_payout(callback.payout_id)
    except PaymentProviderRefused as error:
        raise InvalidWebhook(f"Xendit knows no payout {callback.payout_id}.") from error
    if payout.status is not callback.status:
        logger.info(
            "Xendit payout %s is %s, not %s as its callback says",
            payout.reference,
            payout.status,
            callback.status,
        )
    return PayoutUpdate(PAYOUT_RAIL, payout.reference, payout.id, payout.status, payout.failure)
