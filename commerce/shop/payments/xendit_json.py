"""Xendit's JSON both ways: the invoice and payout the shop asks for, and answers and callbacks
read into `xendit_types` with every field's type and length checked (as `stripe_json` does for
Stripe).

Amounts are whole rupiah on both sides (IDR at Xendit has no minor units): the shop's Decimal
is refused rather than rounded when it has cents, and JSON is parsed with Decimal fractions so
an amount is never a float. Xendit's state names are mapped to the shop's here, and an unknown
one is refused, never guessed. Messages name the field, never its value: payloads carry buyers'
personal data.
"""

import json
import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from commerce.catalogue.exceptions import MoneyError
from commerce.shop.exceptions import PaymentProviderRefused
from commerce.shop.payments.contract import PayoutState
from commerce.shop.payments.xendit_types import (
    Invoice,
    InvoiceCallback,
    InvoiceRequest,
    InvoiceState,
    PayoutCallback,
    RefundReason,
    RefundState,
    XenditPayout,
    XenditPayoutRequest,
    XenditRefund,
)

# Xendit's ids (invoices: 24 hex digits; refunds: "rfd-<uuid>"): nothing that changes a path.
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,255}")
MAX_TEXT_LENGTH = 255  # the shop's columns for ids and references
MAX_EMAIL_LENGTH = 254
MAX_URL_LENGTH = 8192
MAX_AMOUNT = 10**12 - 1  # the shop keeps money in DecimalField(max_digits=14, decimal_places=2)
# Xendit keeps an invoice payable for `invoice_duration` seconds, 1 to 31 536 000 (a year).
MIN_INVOICE_SECONDS = 1
MAX_INVOICE_SECONDS = 365 * 24 * 60 * 60

INVOICE_STATES = {
    "PENDING": InvoiceState.PENDING,
    "PAID": InvoiceState.PAID,
    "SETTLED": InvoiceState.PAID,
    "EXPIRED": InvoiceState.EXPIRED,
}
REFUND_STATES = {
    "PENDING": RefundState.PENDING,
    "SUCCEEDED": RefundState.SUCCEEDED,
    "FAILED": RefundState.FAILED,
    "CANCELLED": RefundState.FAILED,
}
# A payout is ACCEPTED, then REQUESTED from the bank or e-wallet (LOCKED while Xendit holds it);
# it ends SUCCEEDED, FAILED or CANCELLED, and a succeeded one can come back (REVERSED).
PAYOUT_STATES = {
    "ACCEPTED": PayoutState.PROCESSING,
    "REQUESTED": PayoutState.PROCESSING,
    "LOCKED": PayoutState.PROCESSING,
    "SUCCEEDED": PayoutState.PAID,
    "FAILED": PayoutState.FAILED,
    "CANCELLED": PayoutState.FAILED,
    "REVERSED": PayoutState.REVERSED,
}
# Why a payout failed, in words staff can act on; another code is shown as Xendit's.
PAYOUT_FAILURES = {
    "INSUFFICIENT_BALANCE": "The shop's Xendit balance was too low.",
    "INVALID_DESTINATION": "The account number or the holder's name is wrong.",
    "REJECTED_BY_CHANNEL": "The bank or e-wallet refused the payout.",
    "TEMPORARY_TRANSFER_ERROR": "The bank or e-wallet could not be reached; send it again.",
    "TRANSFER_ERROR": "The bank or e-wallet could not complete the transfer.",
}
# Xendit's payout channels are country-prefixed codes (ID_BCA, ID_OVO, ...): IDR goes to ID_*.
PAYOUT_CHANNEL_PATTERN = re.compile(r"ID_[A-Z0-9_]{2,60}")
MAX_ACCOUNT_NUMBER_LENGTH = 64
REFUND_REASONS = {
    RefundReason.CUSTOMER_REQUEST: "REQUESTED_BY_CUSTOMER",
    RefundReason.CANCELLATION: "CANCELLATION",
    RefundReason.DUPLICATE: "DUPLICATE",
    RefundReason.FRAUD: "FRAUDULENT",
    RefundReason.OTHER: "OTHERS",
}


class MalformedXenditObject(ValueError):
    """A field of Xendit's JSON missing, of another type, or too long to keep."""


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")  # NaN and Infinity are not JSON


def parse(body: bytes) -> Any:
    """Parse JSON with exact amounts.

    Raises:
        ValueError: when it is not JSON (UnicodeDecodeError included).
        RecursionError: when it nests deeper than Python's parser goes.
    """
    return json.loads(body, parse_float=Decimal, parse_constant=_refuse_constant)


def as_object(data: Any) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise MalformedXenditObject("it is not a JSON object")
    return data


def text(
    data: Mapping[str, Any], key: str, *, required: bool = False, limit: int = MAX_TEXT_LENGTH
) -> str:
    """The string at `key`; empty when null or absent and not required."""
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise MalformedXenditObject(f"`{key}` is missing or not text")
    if len(value) > limit:
        raise MalformedXenditObject(f"`{key}` is longer than {limit} characters")
    return value


def object_id(data: Mapping[str, Any], key: str = "id") -> str:
    value = text(data, key, required=True)
    if not ID_PATTERN.fullmatch(value):
        raise MalformedXenditObject(f"`{key}` is not an id")
    return value


def rupiah(data: Mapping[str, Any], key: str) -> Decimal | None:
    """The amount in whole rupiah at `key`, or None when null or absent."""
    value = data.get(key)
    if value is None:
        return None
    # JSON true/false are Python bools, which are ints too.
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise MalformedXenditObject(f"`{key}` is not a number")
    # The range first: int() of a Decimal such as 1E+999999999 would take forever.
    if not 0 <= value <= MAX_AMOUNT or value != int(value):
        raise MalformedXenditObject(f"`{key}` is not an amount in whole rupiah")
    return Decimal(int(value))


def required_rupiah(data: Mapping[str, Any], key: str) -> Decimal:
    amount = rupiah(data, key)
    if amount is None:
        raise MalformedXenditObject(f"`{key}` is missing")
    return amount


def moment(data: Mapping[str, Any], key: str) -> datetime | None:
    """The ISO 8601 time at `key` ("2026-05-01T09:30:00.000Z"), or None when absent."""
    value = text(data, key, limit=64)
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as error:
        raise MalformedXenditObject(f"`{key}` is not a time") from error
    if parsed.tzinfo is None:
        raise MalformedXenditObject(f"`{key}` has no time zone")
    return parsed


def state[State](data: Mapping[str, Any], key: str, states: Mapping[str, State]) -> State:
    found = states.get(text(data, key, required=True, limit=40))
    if found is None:
        raise MalformedXenditObject(f"`{key}` is not a state the shop knows")
    return found


def _rupiah_currency(data: Mapping[str, Any]) -> str:
    """Amounts are read as whole rupiah, so anything but IDR is refused, not misread."""
    currency = text(data, "currency", limit=3) or "IDR"
    if currency != "IDR":
        raise MalformedXenditObject("`currency` is not IDR")
    return currency


def invoice_from(data: Any) -> Invoice:
    """Read an invoice. Raises MalformedXenditObject."""
    data = as_object(data)
    return Invoice(
        id=object_id(data),
        external_id=text(data, "external_id", required=True),
        status=state(data, "status", INVOICE_STATES),
        amount=required_rupiah(data, "amount"),
        currency=_rupiah_currency(data),
        invoice_url=text(data, "invoice_url", limit=MAX_URL_LENGTH),
        expiry_date=moment(data, "expiry_date"),
        paid_amount=rupiah(data, "paid_amount"),
        paid_at=moment(data, "paid_at"),
        payer_email=text(data, "payer_email", limit=MAX_EMAIL_LENGTH),
        payment_method=text(data, "payment_method", limit=64),
        payment_channel=text(data, "payment_channel", limit=64),
    )


def invoices_from(data: Any) -> list[Invoice]:
    """Read a list of invoices (GET /v2/invoices answers a bare list). Raises
    MalformedXenditObject."""
    if not isinstance(data, list):
        raise MalformedXenditObject("it is not a JSON list")
    return [invoice_from(item) for item in data]


def refund_from(data: Any) -> XenditRefund:
    """Read a refund. Raises MalformedXenditObject."""
    data = as_object(data)
    _rupiah_currency(data)
    return XenditRefund(
        id=object_id(data),
        status=state(data, "status", REFUND_STATES),
        amount=required_rupiah(data, "amount"),
        failure_code=text(data, "failure_code", limit=100),
        invoice_id=text(data, "invoice_id"),
        reference=text(data, "reference_id"),
    )


def callback_from(data: Any) -> InvoiceCallback:
    """Read what an invoice callback is about, nothing more. Raises MalformedXenditObject."""
    data = as_object(data)
    return InvoiceCallback(
        invoice_id=object_id(data),
        external_id=text(data, "external_id", required=True),
        status=state(data, "status", INVOICE_STATES),
    )


def whole_rupiah(amount: Decimal) -> int:
    """The shop's amount as Xendit's integer. Raises MoneyError for cents, never rounding."""
    amount = Decimal(amount)
    if not amount.is_finite() or not 0 <= amount <= MAX_AMOUNT:
        raise MoneyError(f"Rp {amount} is not an amount Xendit takes.")
    if amount != amount.to_integral_value():
        raise MoneyError(f"Rp {amount} has cents; Xendit takes IDR in whole rupiah.")
    return int(amount)


def invoice_duration(expires_at: datetime, now: datetime) -> int:
    """Seconds from now to `expires_at`, rounded down so the invoice never outlives the stock
    hold. Beyond Xendit's maximum it is clamped (the invoice ends first, which is safe); below
    its minimum it is refused (the hold is over).

    Raises:
        PaymentProviderRefused: when the hold is over.
    """
    seconds = int((expires_at - now).total_seconds())
    if seconds < MIN_INVOICE_SECONDS:
        raise PaymentProviderRefused("The time to pay for this order is over; please try again.")
    return min(seconds, MAX_INVOICE_SECONDS)


def invoice_body(request: InvoiceRequest, now: datetime) -> dict[str, Any]:
    """The JSON of POST /v2/invoices for `request`.

    Raises:
        PaymentProviderRefused: for another currency than IDR, or a hold already over.
        MoneyError: for an amount with cents.
        ValueError: when the lines do not add up to the amount (a bug of the caller).
    """
    if request.currency.upper() != "IDR":
        raise PaymentProviderRefused(
            f"Xendit takes payments in rupiah (IDR) here; this order is in {request.currency}."
        )
    amount = whole_rupiah(request.amount)
    lines = [(item, whole_rupiah(item.price)) for item in request.items]
    if lines and sum(price * item.quantity for item, price in lines) != amount:
        raise ValueError(f"The lines of {request.order_reference} do not add up to its amount.")
    items = [
        {"name": item.name, "quantity": item.quantity, "price": price} for item, price in lines
    ]
    body: dict[str, Any] = {
        "external_id": request.order_reference,
        "amount": amount,
        "currency": "IDR",
        "description": request.description,
        "invoice_duration": invoice_duration(request.expires_at, now),
        "success_redirect_url": request.success_redirect_url,
        "failure_redirect_url": request.failure_redirect_url,
    }
    if request.payer_email:
        body["payer_email"] = request.payer_email
    if items:
        body["items"] = items
    if request.payment_methods:
        body["payment_methods"] = list(request.payment_methods)
    return body


def refunds_page_from(data: Any) -> tuple[list[XenditRefund], bool]:
    """Read a page of GET /refunds: its refunds and whether more follow. Raises
    MalformedXenditObject."""
    data = as_object(data)
    refunds = data.get("data")
    if not isinstance(refunds, list):
        raise MalformedXenditObject("`data` is not a list")
    has_more = data.get("has_more") is True
    return [refund_from(item) for item in refunds], has_more


def _payout_failure(data: Mapping[str, Any], status: PayoutState) -> str:
    code = text(data, "failure_code", limit=100)
    if code:
        return PAYOUT_FAILURES.get(code, f"Xendit says {code}.")
    if text(data, "status", limit=40) == "CANCELLED":
        return "The payout was cancelled."
    return "The payout failed." if status is PayoutState.FAILED else ""


def payout_from(data: Any) -> XenditPayout:
    """Read a payout. Raises MalformedXenditObject."""
    data = as_object(data)
    _rupiah_currency(data)
    status = state(data, "status", PAYOUT_STATES)
    return XenditPayout(
        id=object_id(data),
        reference=text(data, "reference_id", required=True),
        status=status,
        amount=required_rupiah(data, "amount"),
        failure=_payout_failure(data, status),
    )


def payouts_from(data: Any) -> list[XenditPayout]:
    """Read a page of GET /v2/payouts (its `data`). Raises MalformedXenditObject."""
    payouts = as_object(data).get("data")
    if not isinstance(payouts, list):
        raise MalformedXenditObject("`data` is not a list")
    return [payout_from(item) for item in payouts]


def payout_callback_from(data: Any) -> PayoutCallback:
    """Read what a payout callback (`{"event": "payout.succeeded", "data": {...}}`) is about,
    nothing more. Raises MalformedXenditObject."""
    data = as_object(data)
    if not text(data, "event", required=True, limit=64).startswith("payout."):
        raise MalformedXenditObject("`event` is not a payout's")
    payout = as_object(data.get("data"))
    return PayoutCallback(
        payout_id=object_id(payout),
        reference=text(payout, "reference_id", required=True),
        status=state(payout, "status", PAYOUT_STATES),
    )


def payout_body(request: XenditPayoutRequest) -> dict[str, Any]:
    """The JSON of POST /v2/payouts for `request`.

    Raises:
        PaymentProviderRefused: for a channel that is not an Indonesian bank or e-wallet, or
            an account without a number or holder.
        MoneyError: for an amount with cents, or of nothing.
    """
    amount = whole_rupiah(request.amount)
    if amount < 1:
        raise MoneyError(f"Rp {request.amount} is no payout; Xendit pays at least Rp 1.")
    if not PAYOUT_CHANNEL_PATTERN.fullmatch(request.channel_code):
        raise PaymentProviderRefused("Xendit pays rupiah to Indonesian banks and e-wallets only.")
    number, holder = request.account_number.strip(), request.account_holder_name.strip()
    if not number or len(number) > MAX_ACCOUNT_NUMBER_LENGTH or not holder:
        raise PaymentProviderRefused("The payout's account needs a number and a holder's name.")
    return {
        "reference_id": request.reference,
        "channel_code": request.channel_code,
        "channel_properties": {"account_holder_name": holder, "account_number": number},
        "amount": amount,
        "currency": "IDR",
        "description": request.description,
    }
