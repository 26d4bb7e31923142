"""The Xendit gateway, with the real SDK against the local Xendit stand-in: invoices in whole
rupiah, idempotent creates and refunds, the shop's own states, error mapping, settings, and the
callback's token and body."""

import hmac
import json
import urllib.request
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from commerce.catalogue.exceptions import MoneyError
from commerce.shop.exceptions import (
    InvalidWebhook,
    PaymentProviderRefused,
    PaymentProviderUnavailable,
    PaymentsNotConfigured,
)
from commerce.shop.payments import xendit_gateway as gateway
from commerce.shop.payments.xendit_conf import (
    configuration_problems,
    xendit_config,
    xendit_enabled,
)
from commerce.shop.payments.xendit_types import (
    InvoiceCallback,
    InvoiceItem,
    InvoiceRequest,
    InvoiceState,
    RefundState,
)
from tests.commerce import xendit_fixtures
from tests.commerce.xendit_fixtures import XENDIT_CALLBACK_TOKEN
from tests.commerce.xendit_stand_in import XenditStandIn

# The stand-in's fixtures (tests/commerce/conftest.py may import them for every shop test).
xendit_server = xendit_fixtures.xendit_server
xendit_api = xendit_fixtures.xendit_api

REFERENCE = "SS-2026-0001"


def invoice_request(**changes: Any) -> InvoiceRequest:
    """Two bags of coffee for Rp 250.000, payable for 30 minutes."""
    request = InvoiceRequest(
        order_reference=REFERENCE,
        amount=Decimal("250000.00"),
        currency="IDR",
        description=f"Storyshop order {REFERENCE}",
        expires_at=timezone.now() + timedelta(minutes=30),
        success_redirect_url=f"https://shop.example/checkout/success/?order={REFERENCE}",
        failure_redirect_url=f"https://shop.example/checkout/cancel/?order={REFERENCE}",
        items=(InvoiceItem("Kopi Gayo 200 g", 2, Decimal("125000.00")),),
        payer_email="pembaca@example.com",
        payment_methods=("QRIS", "OVO", "DANA", "SHOPEEPAY", "BCA", "ALFAMART"),
    )
    return replace(request, **changes)


@pytest.fixture
def no_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gateway, "RETRY_DELAY_SECONDS", 0.0)


def paid_invoice(stand_in: XenditStandIn, method: str = "EWALLET", channel: str = "OVO") -> str:
    invoice = gateway.create_invoice(invoice_request())
    stand_in.pay_invoice(invoice.id, payment_method=method, channel=channel)
    return invoice.id


# Creating invoices ---------------------------------------------------------------------------


def test_an_invoice_carries_whole_rupiah_its_expiry_redirects_lines_and_channels(xendit_api):
    before = timezone.now()

    invoice = gateway.create_invoice(invoice_request())

    sent = xendit_api.requests[-1]
    assert (sent.method, sent.path) == ("POST", "/v2/invoices/")
    assert sent.body["amount"] == 250000
    assert type(sent.body["amount"]) is int
    assert sent.body["currency"] == "IDR"
    assert 1795 <= sent.body["invoice_duration"] <= 1800
    assert sent.body["items"] == [{"name": "Kopi Gayo 200 g", "quantity": 2, "price": 125000}]
    assert sent.body["payment_methods"] == ["QRIS", "OVO", "DANA", "SHOPEEPAY", "BCA", "ALFAMART"]
    assert sent.body["success_redirect_url"].endswith(f"/success/?order={REFERENCE}")
    assert sent.body["failure_redirect_url"].endswith(f"/cancel/?order={REFERENCE}")
    assert sent.body["payer_email"] == "pembaca@example.com"
    assert sent.headers["x-idempotency-key"] == f"invoice-{REFERENCE}"
    assert sent.headers["authorization"].startswith("Basic ")
    assert invoice.external_id == REFERENCE
    assert invoice.status is InvoiceState.PENDING
    assert invoice.amount == Decimal("250000")
    assert invoice.currency == "IDR"
    assert invoice.invoice_url == f"{xendit_api.url}/web/{invoice.id}"
    assert invoice.expiry_date is not None
    assert before + timedelta(minutes=29) < invoice.expiry_date <= before + timedelta(minutes=31)


def test_an_amount_with_cents_is_refused_not_rounded(xendit_api):
    with pytest.raises(MoneyError, match="whole rupiah"):
        gateway.create_invoice(invoice_request(amount=Decimal("250000.50"), items=()))
    assert xendit_api.requests == []


def test_another_currency_is_refused_clearly(xendit_api):
    with pytest.raises(PaymentProviderRefused, match=r"rupiah \(IDR\).*USD"):
        gateway.create_invoice(invoice_request(currency="USD"))
    assert xendit_api.requests == []


def test_a_hold_already_over_is_refused_and_one_beyond_a_year_is_clamped(xendit_api):
    with pytest.raises(PaymentProviderRefused, match="time to pay"):
        gateway.create_invoice(invoice_request(expires_at=timezone.now() - timedelta(seconds=1)))
    assert xendit_api.requests == []

    gateway.create_invoice(invoice_request(expires_at=timezone.now() + timedelta(days=400)))

    assert xendit_api.requests[-1].body["invoice_duration"] == 365 * 24 * 60 * 60


def test_lines_that_do_not_add_up_to_the_amount_are_a_bug_of_the_caller(xendit_api):
    with pytest.raises(ValueError, match="do not add up"):
        gateway.create_invoice(invoice_request(amount=Decimal("240000")))


def test_a_channel_xendit_does_not_know_is_its_refusal(xendit_api):
    with pytest.raises(PaymentProviderRefused, match="payment_methods"):
        gateway.create_invoice(invoice_request(payment_methods=("GOPAY",)))


@pytest.mark.parametrize("lost", ["500 after the work", "timeout after the work"])
def test_a_retry_after_a_lost_answer_makes_one_invoice(xendit_api, settings, no_pause, lost):
    settings.XENDIT_MAX_NETWORK_RETRIES = "1"
    if lost.startswith("500"):
        xendit_api.fail_next(500, after_processing=True)
    else:
        xendit_api.delay_next(1.5, after_processing=True)

    invoice = gateway.create_invoice(invoice_request())

    assert [i["id"] for i in xendit_api.invoices()] == [invoice.id]
    # The second try looked for the order's invoice before sending the create again.
    assert [(r.method, r.path) for r in xendit_api.requests] == [
        ("POST", "/v2/invoices/"),
        ("GET", "/v2/invoices"),
    ]
    assert xendit_api.requests[-1].query == {"external_id": REFERENCE}


def test_the_same_request_again_is_replayed_by_its_idempotency_key(xendit_api, monkeypatch):
    frozen = timezone.now()
    monkeypatch.setattr(gateway.timezone, "now", lambda: frozen)

    first = gateway.create_invoice(invoice_request(expires_at=frozen + timedelta(minutes=30)))
    again = gateway.create_invoice(invoice_request(expires_at=frozen + timedelta(minutes=30)))

    assert again == first
    assert len(xendit_api.invoices()) == 1
    assert xendit_api.requests[-1].replayed


def test_asking_again_for_the_same_order_returns_its_invoice(xendit_api):
    first = gateway.create_invoice(invoice_request())
    # Later: another duration, so the key comes back with other parameters (409), and the
    # gateway finds the invoice the order already has.
    again = gateway.create_invoice(invoice_request(expires_at=timezone.now() + timedelta(hours=1)))

    assert again.id == first.id
    assert len(xendit_api.invoices()) == 1
    assert [r.method for r in xendit_api.requests] == ["POST", "POST", "GET"]


# Reading, finding, listing and expiring ---------------------------------------------------------


def test_get_find_and_expire_an_invoice(xendit_api):
    invoice = gateway.create_invoice(invoice_request())

    assert gateway.get_invoice(invoice.id) == invoice
    assert gateway.find_invoice(REFERENCE) == invoice
    assert gateway.find_invoice("SS-NO-SUCH-ORDER") is None
    expired = gateway.expire_invoice(invoice.id)
    assert expired.status is InvoiceState.EXPIRED
    with pytest.raises(PaymentProviderRefused, match="not PENDING"):
        gateway.expire_invoice(invoice.id)
    with pytest.raises(PaymentProviderRefused, match="Could not find invoice"):
        gateway.get_invoice("0123456789abcdef01234567")


def test_an_id_that_could_change_the_path_is_never_sent(xendit_api):
    for not_an_id in ("../refunds", "a/b", "", "x" * 300):
        with pytest.raises(PaymentProviderRefused, match="is not a Xendit invoice id"):
            gateway.get_invoice(not_an_id)
    assert xendit_api.requests == []


def test_list_invoices_pages_through_everything_created_since(xendit_api):
    made = [
        gateway.create_invoice(invoice_request(order_reference=f"SS-{n}")).id for n in range(12)
    ]

    listed = [invoice.id for invoice in gateway.list_invoices(timezone.now() - timedelta(hours=1))]

    assert listed == list(reversed(made))  # newest first, over two pages of ten
    assert any("last_invoice" in r.query for r in xendit_api.requests)
    assert list(gateway.list_invoices(timezone.now() + timedelta(minutes=1))) == []


@pytest.mark.parametrize(
    ("xendit_does", "state"),
    [
        (lambda stand_in, invoice_id: None, InvoiceState.PENDING),
        (lambda stand_in, invoice_id: stand_in.pay_invoice(invoice_id), InvoiceState.PAID),
        (
            lambda stand_in, invoice_id: stand_in.settle(stand_in.pay_invoice(invoice_id)["id"]),
            InvoiceState.PAID,
        ),
        (lambda stand_in, invoice_id: stand_in.expire(invoice_id), InvoiceState.EXPIRED),
    ],
    ids=["PENDING", "PAID", "SETTLED", "EXPIRED"],
)
def test_xendit_states_become_the_shops_own(xendit_api, xendit_does, state):
    invoice = gateway.create_invoice(invoice_request())

    xendit_does(xendit_api, invoice.id)

    assert gateway.get_invoice(invoice.id).status is state
    assert gateway.find_invoice(REFERENCE) == gateway.get_invoice(invoice.id)


def test_a_paid_invoice_says_how_and_how_much_was_paid(xendit_api):
    invoice = gateway.create_invoice(invoice_request())
    xendit_api.pay_invoice(invoice.id, "BANK_TRANSFER", "BCA", paid_amount=240000)

    paid = gateway.get_invoice(invoice.id)

    assert paid.is_paid
    assert (paid.payment_method, paid.payment_channel) == ("BANK_TRANSFER", "BCA")
    assert paid.paid_amount == Decimal("240000") != paid.amount  # compared exactly: a mismatch
    assert paid.paid_at is not None
    assert paid.paid_at.tzinfo is not None


def test_the_hosted_page_takes_the_payment_and_returns_the_reader(xendit_api):
    invoice = gateway.create_invoice(invoice_request())
    page = urllib.request.urlopen(invoice.invoice_url, timeout=5).read().decode()
    assert "Rp 250.000" in page

    opener = urllib.request.build_opener(NoRedirect)
    answer = opener.open(urllib.request.Request(invoice.invoice_url, data=b"", method="POST"))

    assert answer.status == 303
    assert answer.headers["Location"].endswith(f"/success/?order={REFERENCE}")
    assert gateway.get_invoice(invoice.id).is_paid


class NoRedirect(urllib.request.HTTPErrorProcessor):
    def http_response(self, request: Any, response: Any) -> Any:
        return response


# Refunds -------------------------------------------------------------------------------------


def test_a_refund_is_idempotent_by_its_reference(xendit_api):
    invoice_id = paid_invoice(xendit_api)

    refund = gateway.create_refund(invoice_id, Decimal("125000.00"), "RF-1")
    again = gateway.create_refund(invoice_id, Decimal("125000.00"), "RF-1")

    assert again == refund
    assert refund.status is RefundState.SUCCEEDED
    assert refund.amount == Decimal("125000")
    assert refund.reference == "RF-1"
    assert len(xendit_api.refunds()) == 1
    sent = xendit_api.requests[-1]
    assert sent.replayed
    assert sent.headers["idempotency-key"] == "refund-RF-1"
    assert sent.body["amount"] == 125000
    assert type(sent.body["amount"]) is int
    assert sent.body["reason"] == "REQUESTED_BY_CUSTOMER"
    assert gateway.get_refund(refund.id) == refund
    assert gateway.find_refund(invoice_id, "RF-1") == refund
    assert gateway.find_refund(invoice_id, "RF-2") is None
    assert gateway.list_refunds(invoice_id) == [refund]


def test_a_refund_retried_after_a_lost_answer_refunds_once(xendit_api, settings, no_pause):
    invoice_id = paid_invoice(xendit_api)
    settings.XENDIT_MAX_NETWORK_RETRIES = "2"
    xendit_api.fail_next(503, after_processing=True)

    refund = gateway.create_refund(invoice_id, Decimal("50000"), "RF-1")

    assert [r["id"] for r in xendit_api.refunds()] == [refund.id]
    assert xendit_api.requests[-1].replayed


def test_refunds_xendit_cannot_make_are_refused(xendit_api):
    by_transfer = paid_invoice(xendit_api, "BANK_TRANSFER", "BCA")
    with pytest.raises(PaymentProviderRefused, match="cannot be refunded"):
        gateway.create_refund(by_transfer, Decimal("1000"), "RF-VA")

    by_ovo = gateway.create_invoice(invoice_request(order_reference="SS-2"))
    xendit_api.pay_invoice(by_ovo.id, "EWALLET", "OVO")
    with pytest.raises(PaymentProviderRefused, match="more than can be refunded"):
        gateway.create_refund(by_ovo.id, Decimal("250001"), "RF-TOO-MUCH")
    with pytest.raises(MoneyError):
        gateway.create_refund(by_ovo.id, Decimal("0.50"), "RF-CENTS")


@pytest.mark.parametrize(
    ("ends", "state"), [("FAILED", RefundState.FAILED), ("CANCELLED", RefundState.FAILED)]
)
def test_a_pending_refund_ends_in_the_shops_states(xendit_api, ends, state):
    invoice_id = paid_invoice(xendit_api)
    xendit_api.refunds_start_pending()
    refund = gateway.create_refund(invoice_id, Decimal("1000"), "RF-1")
    assert refund.status is RefundState.PENDING

    xendit_api.settle_refund(refund.id, ends)

    assert gateway.get_refund(refund.id).status is state


# Errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, PaymentProviderRefused),
        (401, PaymentProviderRefused),
        (403, PaymentProviderRefused),
        (404, PaymentProviderRefused),
        (409, PaymentProviderUnavailable),
        (429, PaymentProviderUnavailable),
        (500, PaymentProviderUnavailable),
        (503, PaymentProviderUnavailable),
    ],
)
def test_xendit_status_codes_map_to_refused_or_unavailable(xendit_api, status, error):
    xendit_api.fail_next(status)
    with pytest.raises(error):
        gateway.create_invoice(invoice_request())


def test_a_wrong_secret_key_is_refused(xendit_api):
    xendit_api.accept_only("xnd_development_another_key")
    with pytest.raises(PaymentProviderRefused, match="API key is not authorized"):
        gateway.get_invoice("0123456789abcdef01234567")


def test_an_html_error_page_a_timeout_and_no_server_are_unavailable(xendit_api, settings):
    xendit_api.fail_next(502, body=b"<html><h1>502 Bad Gateway</h1></html>")
    with pytest.raises(PaymentProviderUnavailable, match="not JSON"):
        gateway.get_invoice("0123456789abcdef01234567")

    xendit_api.delay_next(1.5)
    with pytest.raises(PaymentProviderUnavailable, match="did not answer"):
        gateway.get_invoice("0123456789abcdef01234567")

    settings.XENDIT_API_BASE = "http://127.0.0.1:9"  # discard: nothing listens
    with pytest.raises(PaymentProviderUnavailable, match="did not answer"):
        gateway.get_invoice("0123456789abcdef01234567")


@pytest.mark.parametrize(
    "answer",
    [
        b'{"status": "PAID"}',  # no id, no amount
        b'{"id": "0123456789abcdef01234567", "external_id": "SS-1", "status": "REFUNDED",'
        b' "amount": 1000}',  # a state the shop does not know
        b'{"id": "0123456789abcdef01234567", "external_id": "SS-1", "status": "PAID",'
        b' "amount": 1000.5}',  # not whole rupiah
        b'{"id": "0123456789abcdef01234567", "external_id": "SS-1", "status": "PAID",'
        b' "amount": 1000, "currency": "PHP"}',
        b"[]",
        b"not json",
    ],
)
def test_an_answer_the_shop_cannot_read_is_unavailable_never_guessed(xendit_api, answer):
    xendit_api.fail_next(200, body=answer)
    with pytest.raises(PaymentProviderUnavailable):
        gateway.get_invoice("0123456789abcdef01234567")


def test_gets_and_keyed_posts_are_retried_an_unkeyed_post_is_not(xendit_api, settings, no_pause):
    settings.XENDIT_MAX_NETWORK_RETRIES = "2"
    invoice = gateway.create_invoice(invoice_request())
    xendit_api.fail_next(500, times=2)

    assert gateway.get_invoice(invoice.id) == invoice
    assert [r.method for r in xendit_api.requests[-3:]] == ["GET", "GET", "GET"]

    xendit_api.fail_next(500)
    with pytest.raises(PaymentProviderUnavailable):
        gateway.expire_invoice(invoice.id)
    assert xendit_api.requests[-1].path.endswith("/expire!")
    assert xendit_api.requests[-2].method == "GET"  # the expire was sent once


def test_the_opening_budget_counts_every_try_and_look_up(xendit_api, settings):
    assert gateway.opening_budget_seconds() == gateway.CONNECT_TIMEOUT_SECONDS + 1
    settings.XENDIT_MAX_NETWORK_RETRIES = "2"
    pauses = gateway.RETRY_DELAY_SECONDS * 3
    assert gateway.opening_budget_seconds() == (gateway.CONNECT_TIMEOUT_SECONDS + 1) * 5 + pauses


# Settings --------------------------------------------------------------------------------------

GOOD = {
    "XENDIT_SECRET_KEY": "xnd_development_P4qDfOss0OCpl8RtKrROHjaQYNCk9dN5lSfk+R1l9Wbe+rSiCwZ3jw==",
    "XENDIT_CALLBACK_TOKEN": "a-long-random-verification-token",
    "XENDIT_API_BASE": "",
    "XENDIT_TIMEOUT_SECONDS": "10",
    "XENDIT_MAX_NETWORK_RETRIES": "2",
}


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("XENDIT_SECRET_KEY", "sk_test_oops", "xnd_development_... or xnd_production_..."),
        ("XENDIT_SECRET_KEY", "xnd_public_development_abc", "must be a secret API key"),
        ("XENDIT_CALLBACK_TOKEN", "", "XENDIT_CALLBACK_TOKEN is not set"),
        ("XENDIT_API_BASE", "localhost:1234", "is not an http(s) URL"),
        ("XENDIT_API_BASE", "ftp://xendit.example", "is not an http(s) URL"),
        ("XENDIT_TIMEOUT_SECONDS", "0", "must be more than 0"),
        ("XENDIT_TIMEOUT_SECONDS", "soon", "is not a number of seconds"),
        ("XENDIT_MAX_NETWORK_RETRIES", "50", "must be between 0 and 10"),
        ("XENDIT_MAX_NETWORK_RETRIES", "many", "is not a whole number"),
    ],
)
def test_each_bad_xendit_setting_is_reported(settings, setting, value, message):
    for name, good in GOOD.items():
        setattr(settings, name, good)
    setattr(settings, setting, value)

    problems = configuration_problems()

    assert len(problems) == 1
    assert message in problems[0]
    assert not xendit_enabled()
    with pytest.raises(ImproperlyConfigured):
        xendit_config()
    with pytest.raises(PaymentsNotConfigured):
        gateway.get_invoice("0123456789abcdef01234567")


def test_good_settings_and_no_settings_pass(settings):
    for name, good in GOOD.items():
        setattr(settings, name, good)
    assert configuration_problems() == []
    assert xendit_enabled()
    settings.XENDIT_API_BASE = "https://api.xendit.co/"
    assert xendit_config().api_base == "https://api.xendit.co"

    settings.XENDIT_SECRET_KEY = settings.XENDIT_CALLBACK_TOKEN = ""
    assert configuration_problems() == []
    assert not xendit_enabled()
    with pytest.raises(PaymentsNotConfigured):
        gateway.verify_callback_token("anything")


# Callbacks -------------------------------------------------------------------------------------


def test_the_callback_token_must_be_there_and_right(xendit_api):
    for missing in (None, ""):
        with pytest.raises(InvalidWebhook, match="missing"):
            gateway.verify_callback_token(missing)
    for wrong in ("not-the-token", XENDIT_CALLBACK_TOKEN[:-1], XENDIT_CALLBACK_TOKEN + "x", "ü"):
        with pytest.raises(InvalidWebhook, match="does not match"):
            gateway.verify_callback_token(wrong)

    assert gateway.verify_callback_token(XENDIT_CALLBACK_TOKEN) is None


def test_the_callback_token_is_compared_in_constant_time(xendit_api, monkeypatch):
    compared: list[tuple[bytes, bytes]] = []
    constant_time = hmac.compare_digest

    def compare_digest(received: bytes, expected: bytes) -> bool:
        compared.append((received, expected))
        return constant_time(received, expected)

    monkeypatch.setattr(gateway.hmac, "compare_digest", compare_digest)

    gateway.verify_callback_token(XENDIT_CALLBACK_TOKEN)

    assert compared == [(XENDIT_CALLBACK_TOKEN.encode(), XENDIT_CALLBACK_TOKEN.encode())]


def test_a_callback_is_read_as_a_pointer_to_its_invoice(xendit_api):
    invoice = gateway.create_invoice(invoice_request())
    xendit_api.pay_invoice(invoice.id)
    body = xendit_api.callback_body(invoice.id)

    callback = gateway.parse_invoice_callback(body)

    assert callback == InvoiceCallback(invoice.id, REFERENCE, InvoiceState.PAID)
    payload = json.loads(body)
    assert {"id", "external_id", "user_id", "status", "amount", "paid_amount", "paid_at"} <= set(
        payload
    )
    assert (payload["payment_method"], payload["payment_channel"]) == ("QRIS", "QRIS")
    xendit_api.expire(gateway.create_invoice(invoice_request(order_reference="SS-2")).id)
    expired = xendit_api.invoices()[-1]["id"]
    assert gateway.parse_invoice_callback(xendit_api.callback_body(expired)).status == "expired"


CALLBACK = {"id": "0123456789abcdef01234567", "external_id": "SS-1", "status": "PAID"}


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{not json",
        b"\xff\xfe\x00",
        b"[]",
        b'"PAID"',
        json.dumps({**CALLBACK, "padding": "x" * 65_536}).encode(),  # over 64 KiB
        json.dumps({key: value for key, value in CALLBACK.items() if key != "id"}).encode(),
        json.dumps({**CALLBACK, "id": 12345}).encode(),
        json.dumps({**CALLBACK, "id": "../../v2/invoices"}).encode(),
        json.dumps({**CALLBACK, "external_id": None}).encode(),
        json.dumps({**CALLBACK, "status": ["PAID"]}).encode(),
        json.dumps({**CALLBACK, "status": "REFUNDED"}).encode(),
        b'{"id": "0123456789abcdef01234567", "external_id": "SS-1", "status": NaN}',
    ],
)
def test_a_callback_that_cannot_be_read_is_an_invalid_webhook(body):
    with pytest.raises(InvalidWebhook):
        gateway.parse_invoice_callback(body)


def test_a_deeply_nested_callback_under_64_kib_is_an_invalid_webhook():
    body = b"[" * 30_000 + b"]" * 30_000
    assert len(body) <= gateway.MAX_CALLBACK_BYTES
    with pytest.raises(InvalidWebhook):
        gateway.parse_invoice_callback(body)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
CALLBACK_LIKE = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.just(CALLBACK["id"]), st.text(max_size=40), JSON_VALUES),
        "external_id": st.one_of(st.just("SS-1"), st.text(max_size=300), JSON_VALUES),
        "status": st.one_of(
            st.sampled_from(["PENDING", "PAID", "SETTLED", "EXPIRED", "paid", ""]), JSON_VALUES
        ),
    },
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    st.one_of(
        st.binary(max_size=200),
        CALLBACK_LIKE.map(lambda data: json.dumps(data).encode()),
        JSON_VALUES.map(lambda data: json.dumps(data).encode()),
    )
)
def test_a_callback_body_is_either_read_or_an_invalid_webhook(body):
    try:
        callback = gateway.parse_invoice_callback(body)
    except InvalidWebhook:
        return
    assert isinstance(callback, InvoiceCallback)
    assert isinstance(callback.status, InvoiceState)
    assert 1 <= len(callback.invoice_id) <= 255
    assert "/" not in callback.invoice_id
    assert "." not in callback.invoice_id
    assert isinstance(callback.external_id, str)
    assert callback.external_id
