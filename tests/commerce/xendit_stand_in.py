"""A small local stand-in for the parts of Xendit's API the shop uses.

It listens on 127.0.0.1 on a free port and answers the real `xendit` SDK (pointed at it through
XENDIT_API_BASE) with Xendit-shaped JSON: invoices (create, get, list by external_id or creation
time, expire), refunds (create, get, list by invoice) and payouts to banks and e-wallets (v2:
create, get, list by reference_id). Like Xendit it checks the secret key sent as HTTP basic auth
(key as user name, empty password), validates what the shop sends (and, stricter than Xendit,
refuses a JSON float amount: the shop sends whole rupiah), replays a request that repeats an
idempotency key (X-IDEMPOTENCY-KEY for invoices, idempotency-key for refunds and payouts, which
require one) and refuses a key reused with other parameters (409). Tests can inject failures
and delays, before or after the work is done (a response lost on the way back), and play
Xendit's side: the reader pays on the hosted page (`pay_invoice`), the invoice expires or
settles, and `callback_body` is the JSON Xendit would POST to the shop's callback URL; a payout
succeeds, fails or is reversed (`settle_payout`), and `payout_callback_body` is its callback.
"""

import base64
import json
import re
import secrets
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.commerce.stand_in_server import StandInServer

SECRET_KEY = re.compile(r"xnd_(development|production)_[A-Za-z0-9+/=_-]+")
USER_ID = "62efe4c33e45694d63f585f8"  # the Xendit business the stand-in plays
MAX_INVOICE_SECONDS = 31_536_000
DEFAULT_INVOICE_SECONDS = 86_400
# Channels an invoice may offer (`payment_methods`), as Xendit names them.
PAYMENT_METHODS = frozenset(
    {
        "CREDIT_CARD", "BCA", "BNI", "BRI", "BSI", "BJB", "CIMB", "MANDIRI", "PERMATA",
        "SAHABAT_SAMPOERNA", "BNC", "ALFAMART", "INDOMARET", "OVO", "DANA", "SHOPEEPAY",
        "LINKAJA", "ASTRAPAY", "JENIUSPAY", "NEXCASH", "QRIS", "DD_BRI", "DD_BCA_KLIKPAY",
        "KREDIVO", "AKULAKU", "ATOME", "UANGME",
    }
)  # fmt: skip
INVOICE_FIELDS = frozenset(
    {
        "external_id", "amount", "payer_email", "description", "invoice_duration",
        "callback_virtual_account_id", "should_send_email", "customer",
        "customer_notification_preference", "success_redirect_url", "failure_redirect_url",
        "payment_methods", "mid_label", "should_authenticate_credit_card", "currency",
        "reminder_time", "locale", "reminder_time_unit", "items", "fees", "channel_properties",
        "metadata",
    }
)  # fmt: skip
REFUND_FIELDS = frozenset(
    {"invoice_id", "payment_request_id", "reference_id", "amount", "currency", "reason", "metadata"}
)
REFUND_REASONS = frozenset(
    {"FRAUDULENT", "DUPLICATE", "REQUESTED_BY_CUSTOMER", "CANCELLATION", "OTHERS"}
)
PAYOUT_FIELDS = frozenset(
    {
        "reference_id", "channel_code", "channel_properties", "amount", "currency",
        "description", "receipt_notification", "metadata",
    }
)  # fmt: skip
# Indonesian banks and e-wallets the stand-in pays out to, as Xendit names them.
PAYOUT_CHANNELS = frozenset(
    {
        "ID_BCA", "ID_BNI", "ID_BRI", "ID_BSI", "ID_CIMB", "ID_MANDIRI", "ID_PERMATA",
        "ID_OVO", "ID_DANA", "ID_GOPAY", "ID_SHOPEEPAY", "ID_LINKAJA",
    }
)  # fmt: skip
PAYOUT_STATUSES = frozenset(
    {"ACCEPTED", "REQUESTED", "LOCKED", "SUCCEEDED", "FAILED", "CANCELLED", "REVERSED"}
)
# The payout callback's event for each state it is sent in.
PAYOUT_EVENTS = {
    "SUCCEEDED": "payout.succeeded",
    "FAILED": "payout.failed",
    "CANCELLED": "payout.failed",
    "REVERSED": "payout.reversed",
}
# Paid this way, Xendit cannot refund through its API (the money came by bank transfer or cash).
NOT_REFUNDABLE_METHODS = frozenset({"BANK_TRANSFER", "RETAIL_OUTLET", "CALLBACK_VIRTUAL_ACCOUNT"})


class XenditAPIError(Exception):
    """An error answer, shaped like Xendit's."""

    def __init__(self, status: int, error_code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"error_code": error_code, "message": message}


@dataclass
class Fault:
    """An injected failure: a status (with a raw body, e.g. a proxy's HTML) or a delay."""

    status: int = 0
    delay: float = 0.0
    after_processing: bool = False
    body: bytes | None = None


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]  # names in lower case
    idempotency_key: str
    replayed: bool = False


@dataclass
class _State:
    invoices: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    payouts: dict[str, dict[str, Any]] = field(default_factory=dict)
    idempotent: dict[tuple[str, str], tuple[str, int, bytes]] = field(default_factory=dict)
    faults: deque[Fault] = field(default_factory=deque)
    new_refund_status: str = "SUCCEEDED"
    accepted_key: str = ""  # empty: any well-formed secret key
    requests: list[RecordedRequest] = field(default_factory=list)


def xendit_time(moment: datetime) -> str:
    """Xendit's way of writing a time: "2026-05-01T09:30:00.000Z"."""
    moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def _now() -> datetime:
    return datetime.now(UTC)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _url(value: Any) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(r"https?://[^\s]+", value))


class XenditStandIn(StandInServer["_State"]):
    """The stand-in server and Xendit's side of the story."""

    def __init__(self) -> None:
        super().__init__(_State, _handler_for(self))

    # Test controls ---------------------------------------------------------------------------

    def fail_next(
        self,
        status: int = 500,
        times: int = 1,
        after_processing: bool = False,
        body: bytes | None = None,
    ) -> None:
        """Answer the next `times` API requests with `status` (after doing the work, if asked;
        with `body` as is, if given, e.g. a proxy's HTML page)."""
        with self._lock:
            self._state.faults.extend(
                Fault(status=status, after_processing=after_processing, body=body)
                for _ in range(times)
            )

    def delay_next(self, seconds: float, times: int = 1, after_processing: bool = False) -> None:
        """Make the next `times` API requests wait `seconds` before answering (a timeout)."""
        with self._lock:
            self._state.faults.extend(
                Fault(delay=seconds, after_processing=after_processing) for _ in range(times)
            )

    def accept_only(self, secret_key: str) -> None:
        """Answer 401 to every other secret key (as Xendit does to a revoked or wrong one)."""
        with self._lock:
            self._state.accepted_key = secret_key

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._state.requests)

    def invoices(self) -> list[dict[str, Any]]:
        with self._lock:
            return [self._current(invoice) for invoice in self._state.invoices.values()]

    def invoice(self, invoice_id: str) -> dict[str, Any]:
        with self._lock:
            return self._current(self._state.invoices[invoice_id])

    def refunds(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(refund) for refund in self._state.refunds.values()]

    def pay_invoice(
        self,
        invoice_id: str,
        payment_method: str = "QRIS",
        channel: str = "QRIS",
        paid_amount: int | None = None,
    ) -> dict[str, Any]:
        """The reader pays on Xendit's page, e.g. ("EWALLET", "OVO") or ("BANK_TRANSFER", "BCA").

        `paid_amount` makes Xendit report another amount than the invoice's (a mismatch).
        """
        with self._lock:
            invoice = self._state.invoices[invoice_id]
            if self._current(invoice)["status"] != "PENDING":
                raise ValueError(f"Invoice {invoice_id} is {invoice['status']}, not PENDING")
            now = xendit_time(_now())
            invoice.update(
                status="PAID",
                paid_amount=invoice["amount"] if paid_amount is None else paid_amount,
                paid_at=now,
                updated=now,
                payment_method=payment_method,
                payment_channel=channel,
                payment_destination=secrets.token_hex(6) if channel != "QRIS" else "",
                payment_id=str(uuid.uuid4()),
            )
            if payment_method == "BANK_TRANSFER":
                invoice["bank_code"] = channel
            if payment_method == "EWALLET":
                invoice["ewallet_type"] = channel
            return dict(invoice)

    def settle(self, invoice_id: str) -> dict[str, Any]:
        """A paid invoice's money reaches the merchant's balance (PAID → SETTLED)."""
        with self._lock:
            invoice = self._state.invoices[invoice_id]
            if invoice["status"] != "PAID":
                raise ValueError(f"Invoice {invoice_id} is {invoice['status']}, not PAID")
            invoice.update(status="SETTLED", updated=xendit_time(_now()))
            return dict(invoice)

    def expire(self, invoice_id: str) -> dict[str, Any]:
        """The invoice reaches its expiry unpaid."""
        with self._lock:
            invoice = self._state.invoices[invoice_id]
            invoice.update(status="EXPIRED", updated=xendit_time(_now()))
            return dict(invoice)

    def refunds_start_pending(self) -> None:
        """New refunds are PENDING (as e-wallet refunds can be) until `settle_refund`."""
        with self._lock:
            self._state.new_refund_status = "PENDING"

    def settle_refund(self, refund_id: str, status: str) -> dict[str, Any]:
        """A refund ends SUCCEEDED, FAILED or CANCELLED (then its amount is refundable again)."""
        with self._lock:
            refund = self._state.refunds[refund_id]
            refund.update(status=status, updated=xendit_time(_now()))
            if status != "SUCCEEDED":
                refund["failure_code"] = "REFUND_FAILED" if status == "FAILED" else None
            return dict(refund)

    def payouts(self) -> list[dict[str, Any]]:
        with self._lock:
            return [json.loads(json.dumps(payout)) for payout in self._state.payouts.values()]

    def payout(self, payout_id: str) -> dict[str, Any]:
        with self._lock:
            return json.loads(json.dumps(self._state.payouts[payout_id]))

    def settle_payout(
        self, payout_id: str, status: str, failure_code: str | None = None
    ) -> dict[str, Any]:
        """The bank or e-wallet answers: SUCCEEDED, FAILED (with a failure code, e.g.
        INVALID_DESTINATION), CANCELLED, or REVERSED (a succeeded payout that came back)."""
        if status not in PAYOUT_STATUSES:
            raise ValueError(f"{status} is not a payout status")
        with self._lock:
            payout = self._state.payouts[payout_id]
            payout.update(status=status, updated=xendit_time(_now()))
            if failure_code is not None or status == "FAILED":
                payout["failure_code"] = failure_code or "TRANSFER_ERROR"
            return dict(payout)

    def payout_callback_payload(
        self, payout_id: str, claimed_status: str | None = None
    ) -> dict[str, Any]:
        """The payout callback Xendit POSTs to the shop; `claimed_status` makes it claim another
        status than the payout's (a forged or stale callback)."""
        with self._lock:
            payout = json.loads(json.dumps(self._state.payouts[payout_id]))
        if claimed_status is not None:
            payout["status"] = claimed_status
        return {
            "event": PAYOUT_EVENTS.get(payout["status"], "payout.updated"),
            "business_id": USER_ID,
            "created": xendit_time(_now()),
            "data": payout,
        }

    def payout_callback_body(self, payout_id: str, claimed_status: str | None = None) -> bytes:
        """`payout_callback_payload` as the bytes Xendit sends."""
        return json.dumps(self.payout_callback_payload(payout_id, claimed_status)).encode()

    def callback_payload(self, invoice_id: str) -> dict[str, Any]:
        """The invoice callback Xendit POSTs to the shop, with its real field names."""
        with self._lock:
            invoice = self._current(self._state.invoices[invoice_id])
        payload = {
            key: invoice[key]
            for key in (
                "id", "external_id", "user_id", "status", "merchant_name", "amount", "created",
                "updated", "currency", "payer_email", "description", "success_redirect_url",
                "failure_redirect_url", "items",
            )
            if key in invoice
        }  # fmt: skip
        payload["is_high"] = False
        if invoice["status"] in {"PAID", "SETTLED"}:
            for key in (
                "paid_amount", "paid_at", "payment_method", "payment_channel",
                "payment_destination", "payment_id", "bank_code", "ewallet_type",
            ):  # fmt: skip
                if key in invoice:
                    payload[key] = invoice[key]
            payload["adjusted_received_amount"] = invoice["paid_amount"]
            payload["fees_paid_amount"] = 0
        return payload

    def callback_body(self, invoice_id: str) -> bytes:
        """`callback_payload` as the bytes Xendit sends."""
        return json.dumps(self.callback_payload(invoice_id)).encode()

    # Request handling ------------------------------------------------------------------------

    def handle(
        self, method: str, raw_path: str, headers: Any, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(raw_path)
        if parts.path.startswith("/web/"):
            return self._hosted_page(method, parts.path, body)
        if not self._authorised(headers.get("Authorization", "")):
            return _json(
                401,
                {
                    "error_code": "INVALID_API_KEY",
                    "message": "API key is not authorized for this API service",
                },
            )
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        lower_case_key = parts.path.startswith(("/refunds", "/v2/payouts"))
        key_header = "idempotency-key" if lower_case_key else "X-IDEMPOTENCY-KEY"
        key = headers.get(key_header, "") if method == "POST" else ""
        try:
            payload = json.loads(body) if body else None
        except ValueError:
            return _json(400, {"error_code": "API_VALIDATION_ERROR", "message": "Invalid JSON"})
        with self._lock:
            fault = self._state.faults.popleft() if self._state.faults else None
            lowered = {name.lower(): value for name, value in headers.items()}
            self._state.requests.append(
                RecordedRequest(method, parts.path, query, payload, lowered, key)
            )
        if fault and not fault.after_processing:
            return self._apply(fault, None)
        answer = self._answer(method, parts.path, query, payload, key)
        return self._apply(fault, answer) if fault else answer

    def _authorised(self, header: str) -> bool:
        """Xendit's HTTP basic auth: the secret key as user name, an empty password."""
        scheme, _, encoded = header.partition(" ")
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except ValueError:
            return False
        with self._lock:
            accepted = self._state.accepted_key
        well_formed = scheme == "Basic" and bool(SECRET_KEY.fullmatch(user)) and not password
        return well_formed and (not accepted or user == accepted)

    @staticmethod
    def _apply(
        fault: Fault, answer: tuple[int, dict[str, str], bytes] | None
    ) -> tuple[int, dict[str, str], bytes]:
        if fault.delay:
            time.sleep(fault.delay)
            if answer is not None:
                return answer
        if fault.body is not None:
            return fault.status or 502, {"Content-Type": "text/html"}, fault.body
        if fault.status or answer is None:
            return _json(
                fault.status or 500, {"error_code": "SERVER_ERROR", "message": "Injected failure"}
            )
        return answer

    def _answer(
        self, method: str, path: str, query: dict[str, str], payload: Any, key: str
    ) -> tuple[int, dict[str, str], bytes]:
        fingerprint = json.dumps([method, path, payload], sort_keys=True)
        scope = (path.rstrip("/"), key)
        with self._lock:
            if key and scope in self._state.idempotent:
                stored, status, body = self._state.idempotent[scope]
                if stored != fingerprint:
                    return _json(
                        409,
                        {
                            "error_code": "IDEMPOTENCY_ERROR",
                            "message": "The idempotency key was used with other parameters.",
                        },
                    )
                self._state.requests[-1].replayed = True
                return status, {"Content-Type": "application/json"}, body
            try:
                answer = _json(200, self._route(method, path, query, payload, key))
            except XenditAPIError as error:
                return _json(error.status, error.body)
            if key:
                self._state.idempotent[scope] = (fingerprint, answer[0], answer[2])
            return answer

    def _route(self, method: str, path: str, query: dict[str, str], payload: Any, key: str) -> Any:
        if path.rstrip("/") == "/v2/invoices" and method == "POST":
            return self._create_invoice(payload)
        if path.rstrip("/") == "/v2/invoices" and method == "GET":
            return self._list_invoices(query)
        if (found := re.fullmatch(r"/v2/invoices/([\w-]+)", path)) and method == "GET":
            return self._current(self._find_invoice(found.group(1)))
        if (found := re.fullmatch(r"/invoices/([\w-]+)/expire!", path)) and method == "POST":
            return self._expire_via_api(found.group(1))
        if path == "/refunds" and method == "POST":
            return self._create_refund(payload)
        if path == "/refunds" and method == "GET":
            return self._list_refunds(query)
        if (found := re.fullmatch(r"/refunds/([\w-]+)", path)) and method == "GET":
            refund = self._state.refunds.get(found.group(1))
            if refund is None:
                raise XenditAPIError(404, "DATA_NOT_FOUND", "Refund not found")
            return dict(refund)
        if path.startswith("/v2/payouts"):
            return self._route_payout(method, path, query, payload, key)
        raise XenditAPIError(404, "NOT_FOUND", f"No route for {method} {path}")

    def _route_payout(
        self, method: str, path: str, query: dict[str, str], payload: Any, key: str
    ) -> Any:
        if path.rstrip("/") == "/v2/payouts" and method == "POST":
            return self._create_payout(payload, key)
        if path.rstrip("/") == "/v2/payouts" and method == "GET":
            reference = query.get("reference_id")
            if not reference:
                raise XenditAPIError(400, "API_VALIDATION_ERROR", "reference_id is required")
            found = [p for p in self._state.payouts.values() if p["reference_id"] == reference]
            return {"data": [dict(p) for p in found], "has_more": False, "links": []}
        if (found := re.fullmatch(r"/v2/payouts/([\w-]+)", path)) and method == "GET":
            payout = self._state.payouts.get(found.group(1))
            if payout is None:
                raise XenditAPIError(404, "DATA_NOT_FOUND", "Payout not found")
            return dict(payout)
        raise XenditAPIError(404, "NOT_FOUND", f"No route for {method} {path}")

    def _find_invoice(self, invoice_id: str) -> dict[str, Any]:
        invoice = self._state.invoices.get(invoice_id)
        if invoice is None:
            raise XenditAPIError(404, "INVOICE_NOT_FOUND_ERROR", "Could not find invoice")
        return invoice

    @staticmethod
    def _current(invoice: dict[str, Any]) -> dict[str, Any]:
        """The invoice as it is now: a pending one past its expiry date is EXPIRED."""
        if invoice["status"] == "PENDING" and invoice["expiry_date"] <= xendit_time(_now()):
            invoice.update(status="EXPIRED", updated=invoice["expiry_date"])
        return dict(invoice)

    def _create_invoice(self, params: Any) -> dict[str, Any]:
        _check_invoice(params)
        now = _now()
        seconds = params.get("invoice_duration", DEFAULT_INVOICE_SECONDS)
        invoice_id = secrets.token_hex(12)  # Xendit's ids are 24 hex digits
        methods = params.get("payment_methods") or sorted(PAYMENT_METHODS)
        invoice = {
            "id": invoice_id,
            "external_id": params["external_id"],
            "user_id": USER_ID,
            "status": "PENDING",
            "merchant_name": "Storyshop (Xendit stand-in)",
            "merchant_profile_picture_url": "https://du8nwjtfkinx.cloudfront.net/xendit.png",
            "amount": params["amount"],
            "description": params.get("description", ""),
            "expiry_date": xendit_time(now + timedelta(seconds=seconds)),
            "invoice_url": f"{self.url}/web/{invoice_id}",
            "available_banks": [
                {"bank_code": code, "collection_type": "POOL", "transfer_amount": params["amount"]}
                for code in ("BCA", "BNI", "BRI", "MANDIRI", "PERMATA")
                if code in methods
            ],
            "available_retail_outlets": [
                {"retail_outlet_name": name}
                for name in ("ALFAMART", "INDOMARET")
                if name in methods
            ],
            "available_ewallets": [
                {"ewallet_type": name} for name in ("OVO", "DANA", "SHOPEEPAY") if name in methods
            ],
            "available_qr_codes": [{"qr_code_type": "QRIS"}] if "QRIS" in methods else [],
            "available_direct_debits": [],
            "available_paylaters": [],
            "should_exclude_credit_card": "CREDIT_CARD" not in methods,
            "should_send_email": bool(params.get("should_send_email", False)),
            "created": xendit_time(now),
            "updated": xendit_time(now),
            "currency": "IDR",
        }
        for name in ("payer_email", "success_redirect_url", "failure_redirect_url", "items"):
            if name in params:
                invoice[name] = params[name]
        self._state.invoices[invoice_id] = invoice
        return dict(invoice)

    def _list_invoices(self, query: dict[str, str]) -> list[dict[str, Any]]:
        newest_first = [self._current(i) for i in reversed(self._state.invoices.values())]
        if external_id := query.get("external_id"):
            newest_first = [i for i in newest_first if i["external_id"] == external_id]
        if since := query.get("created_after"):
            bound = xendit_time(datetime.fromisoformat(since))
            newest_first = [i for i in newest_first if i["created"] >= bound]
        if last := query.get("last_invoice"):
            ids = [i["id"] for i in newest_first]
            newest_first = newest_first[ids.index(last) + 1 :] if last in ids else []
        limit = int(query.get("limit", 10))
        if not 1 <= limit <= 100:
            raise XenditAPIError(400, "API_VALIDATION_ERROR", "limit must be 1 to 100")
        return newest_first[:limit]

    def _expire_via_api(self, invoice_id: str) -> dict[str, Any]:
        invoice = self._find_invoice(invoice_id)
        if self._current(invoice)["status"] != "PENDING":
            raise XenditAPIError(
                400, "API_VALIDATION_ERROR", f"Invoice is {invoice['status']}, not PENDING"
            )
        invoice.update(status="EXPIRED", updated=xendit_time(_now()))
        return dict(invoice)

    def _create_refund(self, params: Any) -> dict[str, Any]:
        if not isinstance(params, dict) or set(params) - REFUND_FIELDS:
            raise XenditAPIError(400, "API_VALIDATION_ERROR", "Unknown or missing fields")
        invoice = self._state.invoices.get(str(params.get("invoice_id")))
        if invoice is None:
            raise XenditAPIError(404, "DATA_NOT_FOUND", "Invoice not found")
        if invoice["status"] not in {"PAID", "SETTLED"}:
            raise XenditAPIError(400, "INELIGIBLE_TRANSACTION", "The invoice is not paid")
        if invoice["payment_method"] in NOT_REFUNDABLE_METHODS:
            raise XenditAPIError(400, "REFUND_NOT_SUPPORTED", "This channel cannot be refunded")
        if params.get("currency", "IDR") != "IDR" or params.get("reason") not in REFUND_REASONS:
            raise XenditAPIError(400, "API_VALIDATION_ERROR", "Invalid currency or reason")
        refunded = sum(
            refund["amount"]
            for refund in self._state.refunds.values()
            if refund["invoice_id"] == invoice["id"]
            and refund["status"] in {"PENDING", "SUCCEEDED"}
        )
        amount = params.get("amount", invoice["paid_amount"] - refunded)
        if not _whole(amount) or not 1 <= amount <= invoice["paid_amount"] - refunded:
            raise XenditAPIError(
                400, "MAXIMUM_REFUND_AMOUNT_REACHED", "The amount is more than can be refunded"
            )
        reference = params.get("reference_id") or str(uuid.uuid4())
        if any(refund["reference_id"] == reference for refund in self._state.refunds.values()):
            raise XenditAPIError(409, "DUPLICATE_ERROR", "The reference_id was used before")
        now = xendit_time(_now())
        refund = {
            "id": f"rfd-{uuid.uuid4()}",
            "payment_request_id": None,
            "invoice_id": invoice["id"],
            "payment_id": invoice.get("payment_id"),
            "amount": amount,
            "channel_code": invoice["payment_channel"],
            "country": "ID",
            "currency": "IDR",
            "reference_id": reference,
            "reason": params["reason"],
            "status": self._state.new_refund_status,
            "failure_code": None,
            "refund_fee_amount": 0,
            "created": now,
            "updated": now,
            "metadata": params.get("metadata"),
        }
        self._state.refunds[refund["id"]] = refund
        return dict(refund)

    def _create_payout(self, params: Any, key: str) -> dict[str, Any]:
        if not key:
            raise XenditAPIError(400, "API_VALIDATION_ERROR", "Idempotency-key is required")
        _check_payout(params)
        now = xendit_time(_now())
        payout = {
            "id": f"disb-{secrets.token_hex(12)}",
            "amount": params["amount"],
            "channel_code": params["channel_code"],
            "currency": "IDR",
            "description": params.get("description"),
            "reference_id": params["reference_id"],
            "status": "ACCEPTED",
            "created": now,
            "updated": now,
            "estimated_arrival_time": now,
            "business_id": USER_ID,
            "channel_properties": dict(params["channel_properties"]),
            "metadata": params.get("metadata"),
            "idempotency_key": key,
        }
        self._state.payouts[payout["id"]] = payout
        return dict(payout)

    def _list_refunds(self, query: dict[str, str]) -> dict[str, Any]:
        refunds = [
            dict(refund)
            for refund in self._state.refunds.values()
            if refund["invoice_id"] == query.get("invoice_id")
        ]
        if after := query.get("after_id"):
            ids = [refund["id"] for refund in refunds]
            refunds = refunds[ids.index(after) + 1 :] if after in ids else []
        limit = int(query.get("limit", 10))
        return {"data": refunds[:limit], "has_more": len(refunds) > limit}

    def _hosted_page(
        self, method: str, path: str, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        """A stand-in for Xendit's hosted invoice page, for browser tests and local trials."""
        invoice_id = path.removeprefix("/web/").strip("/")
        with self._lock:
            invoice = self._state.invoices.get(invoice_id)
            invoice = self._current(invoice) if invoice else None
        if invoice is None:
            return 404, {"Content-Type": "text/html"}, b"<h1>Invoice not found</h1>"
        if method == "POST" and invoice["status"] == "PENDING":
            self.pay_invoice(invoice_id)
            return 303, {"Location": invoice.get("success_redirect_url", self.url)}, b""
        amount = f"{invoice['amount']:,}".replace(",", ".")  # "Rp 250.000"
        page = (
            "<!DOCTYPE html><title>Xendit invoice stand-in</title>"
            f"<h1>Bayar Rp {amount}</h1>"
            f'<p id="status">{invoice["status"]}</p>'
            '<form method="post"><button>Bayar dengan QRIS</button></form>'
            f'<a href="{invoice.get("failure_redirect_url", "")}">Kembali ke toko</a>'
        )
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()


def _check_invoice(params: Any) -> None:
    """Refuse what Xendit would refuse (and a float amount: the shop sends whole rupiah)."""

    def refuse(message: str) -> XenditAPIError:
        return XenditAPIError(400, "API_VALIDATION_ERROR", message)

    if not isinstance(params, dict):
        raise refuse("The body must be a JSON object")
    if unknown := set(params) - INVOICE_FIELDS:
        raise refuse(f"Unknown fields: {sorted(unknown)}")
    if not isinstance(params.get("external_id"), str) or not params["external_id"]:
        raise refuse("external_id is required")
    if not _whole(params.get("amount")) or params["amount"] < 1:
        raise refuse("amount must be a whole number of rupiah, at least 1")
    if params.get("currency", "IDR") != "IDR":
        raise refuse("This account takes IDR only")
    seconds = params.get("invoice_duration", DEFAULT_INVOICE_SECONDS)
    if not _whole(seconds) or not 1 <= seconds <= MAX_INVOICE_SECONDS:
        raise refuse("invoice_duration must be 1 to 31536000 seconds")
    for name in ("success_redirect_url", "failure_redirect_url"):
        if name in params and not _url(params[name]):
            raise refuse(f"{name} must be a URL")
    if "payer_email" in params and "@" not in str(params["payer_email"]):
        raise refuse("payer_email must be an email address")
    methods = params.get("payment_methods", ["QRIS"])
    if not isinstance(methods, list) or not methods or not set(methods) <= PAYMENT_METHODS:
        raise refuse("payment_methods holds an unknown or no channel")
    for item in params.get("items", []):
        ok = isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"]
        if not ok or not _whole(item.get("quantity")) or item["quantity"] < 1:
            raise refuse("items need a name and a quantity of at least 1")
        if not _whole(item.get("price")) or item["price"] < 0:
            raise refuse("items need a price in whole rupiah")


def _check_payout(params: Any) -> None:
    """Refuse what Xendit would refuse (and a float amount: the shop sends whole rupiah)."""

    def refuse(message: str) -> XenditAPIError:
        return XenditAPIError(400, "API_VALIDATION_ERROR", message)

    if not isinstance(params, dict):
        raise refuse("The body must be a JSON object")
    if unknown := set(params) - PAYOUT_FIELDS:
        raise refuse(f"Unknown fields: {sorted(unknown)}")
    if not isinstance(params.get("reference_id"), str) or not params["reference_id"]:
        raise refuse("reference_id is required")
    if params.get("channel_code") not in PAYOUT_CHANNELS:
        raise XenditAPIError(400, "CHANNEL_CODE_NOT_SUPPORTED", "Unknown channel_code")
    properties = params.get("channel_properties")
    for name in ("account_number", "account_holder_name"):
        if not isinstance(properties, dict) or not isinstance(properties.get(name), str):
            raise refuse(f"channel_properties.{name} is required")
    if not _whole(params.get("amount")) or params["amount"] < 1:
        raise refuse("amount must be a whole number of rupiah, at least 1")
    if params.get("currency") != "IDR":
        raise refuse("currency must be IDR for Indonesian channels")


def _json(status: int, payload: Any) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json"}, json.dumps(payload).encode()


def _handler_for(stand_in: XenditStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, headers, payload = stand_in.handle(self.command, self.path, self.headers, body)
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (an injected timeout)

        do_GET = do_POST = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
