"""A small local stand-in for the parts of the Stripe API the shop uses.

It listens on 127.0.0.1 on a free port and answers the real `stripe` SDK (pointed at it through
STRIPE_API_BASE) with Stripe-shaped JSON: Checkout Sessions (create, retrieve, list, expire),
PaymentIntents (retrieve, with the latest charge expanded), refunds (create, retrieve, list
by PaymentIntent) and, for creator payouts, Connect's Express accounts (create, retrieve,
onboarding links) and transfers (create, retrieve, list by transfer group). Like Stripe it
parses form-encoded nested parameters, checks the API key, validates what the shop sends,
replays a request that repeats an Idempotency-Key and refuses a key reused with other
parameters. Tests can inject 500s and delays (before or after the work is done, to model a
response lost on the way back; on one kind of request only, if asked), and play Stripe's side:
pay or expire a session, let a delayed payment succeed or bounce, refund in the dashboard, let a
creator finish onboarding, reverse a transfer, build events and sign them with the real webhook
algorithm.
"""

import json
import re
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import stripe

from tests.commerce.stand_in_server import StandInServer

API_KEY_PATTERN = re.compile(r"Bearer (sk|rk)_test_\w+")
MIN_SESSION_SECONDS = 30 * 60
IDEMPOTENCY_MISMATCH = (
    "Keys for idempotent requests can only be used with the same parameters they were first used "
    "with."
)
MAX_SESSION_SECONDS = 24 * 60 * 60
ACCOUNT_LINK_SECONDS = 300
NO_TRANSFERS_CAPABILITY = (
    "Your destination account needs to have at least one of the following capabilities "
    "enabled: transfers, crypto_transfers, legacy_payments"
)


def parse_stripe_params(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Turn `line_items[0][price_data][currency]=idr` pairs into nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        path = re.findall(r"[^\[\]]+", key)
        node = root
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return _lists_from_indexes(root)


def _lists_from_indexes(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {key: _lists_from_indexes(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


class StripeAPIError(Exception):
    """An error answer, shaped like Stripe's."""

    def __init__(
        self, status: int, message: str, type_: str = "invalid_request_error", **extra: Any
    ):
        super().__init__(message)
        self.status = status
        self.body = {"error": {"type": type_, "message": message, **extra}}


@dataclass
class Fault:
    """An injected failure: an HTTP status or a delay, before or after the request is handled;
    on any request, or only on those `on` names (e.g. "POST /v1/transfers")."""

    status: int = 0
    delay: float = 0.0
    after_processing: bool = False
    on: str = ""


@dataclass
class RecordedRequest:
    method: str
    path: str
    params: dict[str, Any]
    idempotency_key: str
    replayed: bool = False


@dataclass
class _State:
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    intents: dict[str, dict[str, Any]] = field(default_factory=dict)
    charges: dict[str, dict[str, Any]] = field(default_factory=dict)  # by payment intent id
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    account_links: dict[str, dict[str, Any]] = field(default_factory=dict)  # by link id
    transfers: dict[str, dict[str, Any]] = field(default_factory=dict)
    idempotent: dict[str, tuple[str, int, bytes]] = field(default_factory=dict)
    faults: deque[Fault] = field(default_factory=deque)
    new_refund_status: str = "succeeded"
    requests: list[RecordedRequest] = field(default_factory=list)


def _new_id(prefix: str) -> str:
    return f"{prefix}_test_{secrets.token_hex(12)}"


class StripeStandIn(StandInServer["_State"]):
    """The stand-in server and Stripe's side of the story."""

    def __init__(self) -> None:
        super().__init__(_State, _handler_for(self))

    # Test controls ---------------------------------------------------------------------------

    def fail_next(
        self, status: int = 500, times: int = 1, after_processing: bool = False, on: str = ""
    ) -> None:
        """Answer the next `times` API requests (those starting like `on`, e.g. "POST
        /v1/transfers", if given) with `status` (after doing the work, if asked)."""
        with self._lock:
            self._state.faults.extend(
                Fault(status=status, after_processing=after_processing, on=on) for _ in range(times)
            )

    def delay_next(
        self, seconds: float, times: int = 1, after_processing: bool = False, on: str = ""
    ) -> None:
        """Make the next `times` API requests (those starting like `on`, if given) wait
        `seconds` before answering (a timeout)."""
        with self._lock:
            self._state.faults.extend(
                Fault(delay=seconds, after_processing=after_processing, on=on) for _ in range(times)
            )

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._state.requests)

    def sessions(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(session) for session in self._state.sessions.values()]

    def session(self, session_id: str) -> dict[str, Any]:
        with self._lock:
            return dict(self._state.sessions[session_id])

    def complete_session(
        self,
        session_id: str,
        payment_status: str = "paid",
        email: str = "reader@example.com",
        amount_total: int | None = None,
    ) -> dict[str, Any]:
        """The reader pays on Stripe's page (or, with "unpaid", starts a delayed payment).

        `amount_total` makes Stripe report another amount than the session's (a mismatch).
        """
        with self._lock:
            session = self._state.sessions[session_id]
            if session["status"] != "open":
                raise ValueError(f"Session {session_id} is {session['status']}, not open")
            intent = _new_id("pi")
            session.update(
                status="complete",
                payment_status=payment_status,
                payment_intent=intent,
                customer_details={"email": email, "name": "A Reader"},
            )
            if amount_total is not None:
                session["amount_total"] = amount_total
            charge = {
                "id": _new_id("ch"),
                "object": "charge",
                "amount": session["amount_total"],
                "amount_refunded": 0,
                "currency": session["currency"],
                "payment_intent": intent,
                "refunded": False,
                "metadata": {},
            }
            self._state.charges[intent] = charge
            self._state.intents[intent] = {
                "id": intent,
                "object": "payment_intent",
                "amount": session["amount_total"],
                "currency": session["currency"],
                "status": "succeeded" if payment_status == "paid" else "processing",
                "latest_charge": charge["id"],
                "metadata": session["metadata"],
            }
            return dict(session)

    def pay_delayed_payment(self, session_id: str) -> dict[str, Any]:
        """A completed session's delayed payment (e.g. a transfer) arrives."""
        with self._lock:
            session = self._state.sessions[session_id]
            session["payment_status"] = "paid"
            self._state.intents[session["payment_intent"]]["status"] = "succeeded"
            return dict(session)

    def fail_delayed_payment(self, session_id: str) -> dict[str, Any]:
        """A completed session's delayed payment bounces (its session stays "unpaid")."""
        with self._lock:
            session = self._state.sessions[session_id]
            self._state.intents[session["payment_intent"]]["status"] = "requires_payment_method"
            return dict(session)

    def backdate_session(self, session_id: str, seconds: int) -> None:
        """Make a session older, e.g. beyond what reconcile lists."""
        with self._lock:
            self._state.sessions[session_id]["created"] -= seconds

    def expire_session(self, session_id: str) -> dict[str, Any]:
        """The session reaches its expiry unpaid."""
        with self._lock:
            session = self._state.sessions[session_id]
            session["status"] = "expired"
            return dict(session)

    def charge(self, payment_intent_id: str) -> dict[str, Any]:
        with self._lock:
            return json.loads(json.dumps(self._state.charges[payment_intent_id]))

    def refund_in_dashboard(self, payment_intent_id: str, amount: int) -> dict[str, Any]:
        """Someone refunds in Stripe's dashboard, outside the shop."""
        with self._lock:
            return self._create_refund({"payment_intent": payment_intent_id, "amount": str(amount)})

    def refunds_start_pending(self) -> None:
        """New refunds are "pending" (as refunds to bank accounts are) until `settle_refund`."""
        with self._lock:
            self._state.new_refund_status = "pending"

    def settle_refund(self, refund_id: str, status: str) -> dict[str, Any]:
        """A refund ends "succeeded" or "failed" (a card refund can fail after it succeeded):
        a failed refund no longer counts in its charge's refunded total."""
        with self._lock:
            refund = self._state.refunds[refund_id]
            charge = self._state.charges[refund["payment_intent"]]
            if status in {"failed", "canceled"} and refund["status"] not in {"failed", "canceled"}:
                charge["amount_refunded"] -= refund["amount"]
                charge["refunded"] = False
            refund["status"] = status
            return dict(refund)

    def refunds(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(refund) for refund in self._state.refunds.values()]

    def accounts(self) -> list[dict[str, Any]]:
        with self._lock:
            return [json.loads(json.dumps(account)) for account in self._state.accounts.values()]

    def complete_onboarding(self, account_id: str) -> dict[str, Any]:
        """The creator finishes Stripe's onboarding: Stripe may pay out to them, and transfers
        to their account are allowed."""
        with self._lock:
            account = self._state.accounts[account_id]
            account.update(details_submitted=True, payouts_enabled=True)
            account["capabilities"]["transfers"] = "active"
            return json.loads(json.dumps(account))

    def transfers(self) -> list[dict[str, Any]]:
        with self._lock:
            return [json.loads(json.dumps(transfer)) for transfer in self._state.transfers.values()]

    def reverse_transfer(self, transfer_id: str) -> dict[str, Any]:
        """Stripe takes a transfer back in full (e.g. the shop reversed it in the dashboard);
        returns the `transfer.reversed` event Stripe sends about it."""
        with self._lock:
            transfer = self._state.transfers[transfer_id]
            left = transfer["amount"] - transfer["amount_reversed"]
            reversal = {
                "id": _new_id("trr"),
                "object": "transfer_reversal",
                "amount": left,
                "currency": transfer["currency"],
                "transfer": transfer_id,
                "created": int(time.time()),
                "metadata": {},
            }
            transfer["reversals"]["data"].insert(0, reversal)
            transfer["reversals"]["total_count"] += 1
            transfer.update(amount_reversed=transfer["amount"], reversed=True)
            return self.event("transfer.reversed", json.loads(json.dumps(transfer)))

    @staticmethod
    def event(
        event_type: str, data_object: dict[str, Any], event_id: str | None = None
    ) -> dict[str, Any]:
        """A webhook event as Stripe sends it."""
        return {
            "id": event_id or _new_id("evt"),
            "object": "event",
            "api_version": stripe.api_version,
            "created": int(time.time()),
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
            "data": {"object": data_object},
        }

    # Request handling ------------------------------------------------------------------------

    def handle(
        self, method: str, raw_path: str, headers: Any, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(raw_path)
        if parts.path.startswith("/pay/"):
            return self._hosted_page(method, parts.path, body)
        if parts.path.startswith("/connect/onboarding/"):
            return self._onboarding_page(method, parts.path)
        if not API_KEY_PATTERN.fullmatch(headers.get("Authorization", "")):
            return _json(
                401,
                {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}},
            )
        query = parse_stripe_params(parse_qsl(parts.query, keep_blank_values=True))
        form = parse_stripe_params(parse_qsl(body.decode(), keep_blank_values=True))
        params = {**query, **form}
        key = headers.get("Idempotency-Key", "") if method == "POST" else ""
        with self._lock:
            fault = self._take_fault(f"{method} {parts.path}")
            self._state.requests.append(RecordedRequest(method, parts.path, params, key))
        if fault and not fault.after_processing:
            return self._apply(fault, None)
        answer = self._answer(method, parts.path, params, key)
        if fault:
            return self._apply(fault, answer)
        return answer

    def _take_fault(self, request: str) -> Fault | None:
        for fault in self._state.faults:
            if request.startswith(fault.on):
                self._state.faults.remove(fault)
                return fault
        return None

    def _apply(
        self, fault: Fault, answer: tuple[int, dict[str, str], bytes] | None
    ) -> tuple[int, dict[str, str], bytes]:
        if fault.delay:
            time.sleep(fault.delay)
            if answer is not None:
                return answer
        if fault.status or answer is None:
            return _json(
                fault.status or 500, {"error": {"type": "api_error", "message": "Injected failure"}}
            )
        return answer

    def _answer(
        self, method: str, path: str, params: dict[str, Any], key: str
    ) -> tuple[int, dict[str, str], bytes]:
        fingerprint = json.dumps([method, path, params], sort_keys=True)
        with self._lock:
            if key and key in self._state.idempotent:
                stored_fingerprint, status, body = self._state.idempotent[key]
                if stored_fingerprint != fingerprint:
                    return _json(
                        400,
                        StripeAPIError(
                            400,
                            IDEMPOTENCY_MISMATCH,
                            "idempotency_error",
                        ).body,
                    )
                self._state.requests[-1].replayed = True
                return status, {"Idempotent-Replayed": "true"}, body
            try:
                status, payload = 200, self._route(method, path, params)
            except StripeAPIError as error:
                return _json(error.status, error.body)
            answer = _json(status, payload)
            if key:
                self._state.idempotent[key] = (fingerprint, answer[0], answer[2])
            return answer

    def _route(self, method: str, path: str, params: dict[str, Any]) -> dict[str, Any]:
        if path == "/v1/checkout/sessions" and method == "POST":
            return self._create_session(params)
        if path == "/v1/checkout/sessions" and method == "GET":
            return self._list_sessions(params)
        session = re.fullmatch(r"/v1/checkout/sessions/(\w+)", path)
        if session and method == "GET":
            return dict(self._find_session(session.group(1)))
        expire = re.fullmatch(r"/v1/checkout/sessions/(\w+)/expire", path)
        if expire and method == "POST":
            return self._expire_via_api(expire.group(1))
        intent = re.fullmatch(r"/v1/payment_intents/(\w+)", path)
        if intent and method == "GET":
            return self._retrieve_intent(intent.group(1), params.get("expand") or [])
        if path == "/v1/refunds" and method == "POST":
            return self._create_refund(params)
        if path == "/v1/refunds" and method == "GET":
            return self._list_refunds(params)
        refund = re.fullmatch(r"/v1/refunds/(\w+)", path)
        if refund and method == "GET":
            return dict(self._find("refund", self._state.refunds, refund.group(1)))
        if path.startswith(("/v1/accounts", "/v1/account_links", "/v1/transfers")):
            return self._route_connect(method, path, params)
        raise StripeAPIError(404, f"Unrecognized request URL ({method}: {path}).")

    def _route_connect(self, method: str, path: str, params: dict[str, Any]) -> dict[str, Any]:
        if path == "/v1/accounts" and method == "POST":
            return self._create_account(params)
        account = re.fullmatch(r"/v1/accounts/(\w+)", path)
        if account and method == "GET":
            return dict(self._find("account", self._state.accounts, account.group(1)))
        if path == "/v1/account_links" and method == "POST":
            return self._create_account_link(params)
        if path == "/v1/transfers" and method == "POST":
            return self._create_transfer(params)
        if path == "/v1/transfers" and method == "GET":
            return self._list_transfers(params)
        transfer = re.fullmatch(r"/v1/transfers/(\w+)", path)
        if transfer and method == "GET":
            return dict(self._find("transfer", self._state.transfers, transfer.group(1)))
        raise StripeAPIError(404, f"Unrecognized request URL ({method}: {path}).")

    def _find_session(self, session_id: str) -> dict[str, Any]:
        return self._find("checkout.session", self._state.sessions, session_id)

    @staticmethod
    def _find(kind: str, objects: dict[str, dict[str, Any]], object_id: str) -> dict[str, Any]:
        found = objects.get(object_id)
        if found is None:
            raise StripeAPIError(
                404, f"No such {kind}: '{object_id}'", code="resource_missing", param="id"
            )
        return found

    def _create_session(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("mode") != "payment":
            raise StripeAPIError(400, "Missing required param: mode.", param="mode")
        for name in ("success_url", "cancel_url"):
            if not str(params.get(name, "")).startswith(("http://", "https://")):
                raise StripeAPIError(400, f"Not a valid URL: {name}", param=name)
        items = params.get("line_items")
        if not isinstance(items, list) or not items:
            raise StripeAPIError(400, "line_items is required in payment mode.", param="line_items")
        currencies, total = set(), 0
        for index, item in enumerate(items):
            price = item.get("price_data") or {}
            name = (price.get("product_data") or {}).get("name", "")
            currency = price.get("currency", "")
            try:
                quantity, unit_amount = int(item["quantity"]), int(price["unit_amount"])
            except (KeyError, ValueError):
                raise StripeAPIError(
                    400, "Invalid integer.", param=f"line_items[{index}]"
                ) from None
            if (
                quantity < 1
                or unit_amount < 0
                or not name
                or not re.fullmatch(r"[a-z]{3}", currency)
            ):
                raise StripeAPIError(400, "Invalid line item.", param=f"line_items[{index}]")
            currencies.add(currency)
            total += quantity * unit_amount
        if len(currencies) != 1:
            raise StripeAPIError(400, "All line items must share one currency.", param="line_items")
        now = int(time.time())
        expires_at = int(params.get("expires_at") or now + MAX_SESSION_SECONDS)
        if not now + MIN_SESSION_SECONDS <= expires_at <= now + MAX_SESSION_SECONDS:
            raise StripeAPIError(
                400, "expires_at must be 30 minutes to 24 hours from now.", param="expires_at"
            )
        session_id = _new_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": "payment",
            "url": f"{self.url}/pay/{session_id}",
            "status": "open",
            "payment_status": "unpaid",
            "amount_subtotal": total,
            "amount_total": total,
            "currency": currencies.pop(),
            "client_reference_id": params.get("client_reference_id"),
            "metadata": params.get("metadata") or {},
            "success_url": params["success_url"],
            "cancel_url": params["cancel_url"],
            "created": now,
            "expires_at": expires_at,
            "payment_intent": None,
            "customer_details": None,
            "livemode": False,
        }
        self._state.sessions[session_id] = session
        return dict(session)

    def _list_sessions(self, params: dict[str, Any]) -> dict[str, Any]:
        since = int((params.get("created") or {}).get("gte", 0))
        sessions = [s for s in self._state.sessions.values() if s["created"] >= since]
        return _list_page("/v1/checkout/sessions", sessions, params)

    def _retrieve_intent(self, intent_id: str, expand: list[str]) -> dict[str, Any]:
        intent = dict(self._find("payment_intent", self._state.intents, intent_id))
        if "latest_charge" in expand:
            intent["latest_charge"] = dict(self._state.charges[intent_id])
        return intent

    def _list_refunds(self, params: dict[str, Any]) -> dict[str, Any]:
        intent = params.get("payment_intent")
        refunds = [r for r in self._state.refunds.values() if r["payment_intent"] == intent]
        return _list_page("/v1/refunds", refunds, params)

    def _expire_via_api(self, session_id: str) -> dict[str, Any]:
        session = self._find_session(session_id)
        if session["status"] != "open":
            raise StripeAPIError(
                400,
                "Only Checkout Sessions with a status of open can be expired.",
                code="checkout_session_not_open",
            )
        session["status"] = "expired"
        return dict(session)

    def _create_refund(self, params: dict[str, Any]) -> dict[str, Any]:
        charge = self._state.charges.get(str(params.get("payment_intent", "")))
        if charge is None:
            raise StripeAPIError(
                404,
                f"No such payment_intent: '{params.get('payment_intent')}'",
                code="resource_missing",
                param="payment_intent",
            )
        left = charge["amount"] - charge["amount_refunded"]
        amount = int(params.get("amount") or left)
        if amount <= 0 or amount > left:
            raise StripeAPIError(
                400,
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})",
                code="amount_too_large",
                param="amount",
            )
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        refund = {
            "id": _new_id("re"),
            "object": "refund",
            "amount": amount,
            "currency": charge["currency"],
            "charge": charge["id"],
            "payment_intent": charge["payment_intent"],
            "status": self._state.new_refund_status,
            "metadata": params.get("metadata") or {},
            "created": int(time.time()),
        }
        self._state.refunds[refund["id"]] = refund
        return dict(refund)

    def _create_account(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("type") != "express":
            raise StripeAPIError(400, "The stand-in makes Express accounts only.", param="type")
        country = str(params.get("country", ""))
        if not re.fullmatch(r"[A-Z]{2}", country):
            raise StripeAPIError(400, f"Country '{country}' is unknown.", param="country")
        email = params.get("email")
        if email is not None and "@" not in str(email):
            raise StripeAPIError(400, "Invalid email address.", param="email")
        requested = (params.get("capabilities") or {}).get("transfers") or {}
        account = {
            "id": _new_id("acct"),
            "object": "account",
            "type": "express",
            "email": email,
            "country": country,
            "default_currency": "idr" if country == "ID" else "usd",
            "details_submitted": False,
            "payouts_enabled": False,
            "charges_enabled": False,
            "capabilities": {"transfers": "inactive"} if requested.get("requested") else {},
            "created": int(time.time()),
            "metadata": params.get("metadata") or {},
        }
        self._state.accounts[account["id"]] = account
        return dict(account)

    def _create_account_link(self, params: dict[str, Any]) -> dict[str, Any]:
        account_id = str(params.get("account", ""))
        self._find("account", self._state.accounts, account_id)
        if params.get("type") not in {"account_onboarding", "account_update"}:
            raise StripeAPIError(400, "Invalid type.", param="type")
        for name in ("refresh_url", "return_url"):
            if not str(params.get(name, "")).startswith(("http://", "https://")):
                raise StripeAPIError(400, f"Not a valid URL: {name}", param=name)
        link_id = secrets.token_hex(12)
        now = int(time.time())
        self._state.account_links[link_id] = {
            "account": account_id,
            "return_url": params["return_url"],
        }
        return {
            "object": "account_link",
            "created": now,
            "expires_at": now + ACCOUNT_LINK_SECONDS,
            "url": f"{self.url}/connect/onboarding/{link_id}",
        }

    def _create_transfer(self, params: dict[str, Any]) -> dict[str, Any]:
        try:
            amount = int(params.get("amount", ""))
        except ValueError:
            raise StripeAPIError(400, "Invalid integer.", param="amount") from None
        currency = str(params.get("currency", ""))
        if amount < 1 or not re.fullmatch(r"[a-z]{3}", currency):
            raise StripeAPIError(400, "Invalid amount or currency.", param="amount")
        destination = self._state.accounts.get(str(params.get("destination", "")))
        if destination is None:
            raise StripeAPIError(
                400,
                f"No such destination: '{params.get('destination')}'",
                code="resource_missing",
                param="destination",
            )
        if destination["capabilities"].get("transfers") != "active":
            raise StripeAPIError(
                400, NO_TRANSFERS_CAPABILITY, code="insufficient_capabilities_for_transfer"
            )
        transfer_id = _new_id("tr")
        transfer = {
            "id": transfer_id,
            "object": "transfer",
            "amount": amount,
            "amount_reversed": 0,
            "currency": currency,
            "description": params.get("description"),
            "destination": destination["id"],
            "destination_payment": _new_id("py"),
            "balance_transaction": _new_id("txn"),
            "metadata": params.get("metadata") or {},
            "reversed": False,
            "reversals": {
                "object": "list",
                "data": [],
                "has_more": False,
                "total_count": 0,
                "url": f"/v1/transfers/{transfer_id}/reversals",
            },
            "transfer_group": params.get("transfer_group"),
            "created": int(time.time()),
            "livemode": False,
        }
        self._state.transfers[transfer_id] = transfer
        return json.loads(json.dumps(transfer))

    def _list_transfers(self, params: dict[str, Any]) -> dict[str, Any]:
        transfers = [
            transfer
            for transfer in self._state.transfers.values()
            if params.get("transfer_group") in {None, transfer["transfer_group"]}
            and params.get("destination") in {None, transfer["destination"]}
        ]
        return _list_page("/v1/transfers", transfers, params)

    def _onboarding_page(self, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
        """A stand-in for Stripe's hosted onboarding, for local trials: submitting it finishes
        the creator's onboarding and returns them to the shop."""
        with self._lock:
            link = self._state.account_links.get(path.rsplit("/", 1)[-1])
        if link is None:
            return 404, {"Content-Type": "text/html"}, b"<h1>This link expired</h1>"
        if method == "POST":
            self.complete_onboarding(link["account"])
            return 303, {"Location": link["return_url"]}, b""
        page = (
            "<!DOCTYPE html><title>Stripe Connect onboarding stand-in</title>"
            '<h1>Get paid by Storyshop</h1><form method="post"><button>Agree and submit'
            "</button></form>"
        )
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()

    def _hosted_page(
        self, method: str, path: str, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        """A stand-in for Stripe's hosted checkout page, for browser tests and local trials."""
        session_id = path.removeprefix("/pay/").strip("/")
        with self._lock:
            session = self._state.sessions.get(session_id)
        if session is None:
            return 404, {"Content-Type": "text/html"}, b"<h1>No such checkout</h1>"
        if method == "POST" and session["status"] == "open":
            self.complete_session(session_id)
            target = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
            return 303, {"Location": target}, b""
        total = f"{session['amount_total']} {session['currency'].upper()} (minor units)"
        page = (
            f"<!DOCTYPE html><title>Stripe Checkout stand-in</title><h1>Pay {total}</h1>"
            f'<p id="status">{session["status"]}</p><form method="post"><button>Pay</button></form>'
            f'<a href="{session["cancel_url"]}">Back to the shop</a>'
        )
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()


def _list_page(url: str, oldest_first: list[dict[str, Any]], params: dict[str, Any]) -> dict:
    """One page of a Stripe list, newest first, honouring `limit` and `starting_after`."""
    limit = min(max(int(params.get("limit", 10)), 1), 100)
    newest_first = list(reversed(oldest_first))
    if after := params.get("starting_after"):
        ids = [item["id"] for item in newest_first]
        newest_first = newest_first[ids.index(after) + 1 :] if after in ids else []
    return {
        "object": "list",
        "url": url,
        "has_more": len(newest_first) > limit,
        "data": [dict(item) for item in newest_first[:limit]],
    }


def _json(status: int, payload: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
    return (
        status,
        {"Content-Type": "application/json", "Request-Id": _new_id("req")},
        json.dumps(payload).encode(),
    )


def _handler_for(stand_in: StripeStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # answer at once, as Stripe does (no 40 ms ACK stalls)

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


def sign_payload(payload: str, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header Stripe would send with `payload` (the real algorithm)."""
    return stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)
