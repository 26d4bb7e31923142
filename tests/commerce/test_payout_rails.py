"""Payout rails with the real SDKs against the local stand-ins: Stripe Connect (accounts,
onboarding, transfers in minor units), Xendit payouts (whole rupiah to banks and e-wallets), the
bank-transfer file; each paid once per reference however often it is sent, provider failures in
the shop's words, and what the providers' notifications about payouts say."""

import json
import logging
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commerce.catalogue.exceptions import MoneyError
from commerce.shop.exceptions import (
    ForgedWebhook,
    InvalidWebhook,
    PaymentProviderRefused,
    PaymentProviderUnavailable,
    PaymentsNotConfigured,
)
from commerce.shop.payments import stripe_gateway, xendit_gateway
from commerce.shop.payments.xendit_types import PayoutCallback, XenditPayoutRequest
from commerce.shop.payouts.bank_file import (
    BankFileRail,
    BankTransferRow,
    bank_transfer_csv,
    bank_transfer_row,
)
from commerce.shop.payouts.contract import (
    BankDestination,
    PayoutRequest,
    PayoutState,
    PayoutUpdate,
    RailPayout,
    StripeDestination,
    XenditDestination,
)
from commerce.shop.payouts.registry import enabled_rails, rail_named
from commerce.shop.payouts.stripe_connect import StripeConnectRail
from commerce.shop.payouts.xendit_payouts import XenditPayoutRail
from tests.commerce.conftest import WEBHOOK_SECRET, deliver
from tests.commerce.stripe_stand_in import StripeStandIn, sign_payload
from tests.commerce.xendit_fixtures import XENDIT_CALLBACK_TOKEN
from tests.commerce.xendit_stand_in import XenditStandIn

REFERENCE = "PO-2026-0001"
ACCOUNT_NUMBER = "8830412299"
HOLDER = "Dewi Lestari"


@pytest.fixture
def no_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xendit_gateway, "RETRY_DELAY_SECONDS", 0.0)


def payout(destination: Any, amount: str = "85000.00", currency: str = "IDR", **changes: Any):
    fields: dict[str, Any] = {
        "reference": REFERENCE,
        "amount": Decimal(amount),
        "currency": currency,
        "destination": destination,
        "description": "Storyshop commissions, April 2026",
    }
    return PayoutRequest(**{**fields, **changes})


def onboarded_account(stand_in: StripeStandIn) -> str:
    account_id = stripe_gateway.create_connected_account("dewi@example.com", "ID")
    stand_in.complete_onboarding(account_id)
    return account_id


def stripe_payout(stand_in: StripeStandIn, **changes: Any) -> PayoutRequest:
    return payout(StripeDestination(onboarded_account(stand_in)), **changes)


def xendit_payout(channel: str = "ID_BCA", number: str = ACCOUNT_NUMBER, **changes: Any):
    return payout(XenditDestination(channel, number, HOLDER), **changes)


def posts(stand_in: StripeStandIn | XenditStandIn, path: str) -> list[Any]:
    return [r for r in stand_in.requests if (r.method, r.path.rstrip("/")) == ("POST", path)]


# The contract -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [{"reference": ""}, {"reference": "P" * 101}, {"amount": Decimal(0)}, {"currency": "idr"}],
)
def test_a_payout_request_refuses_what_no_rail_can_pay(changes):
    with pytest.raises(ValueError, match=r"(?i)payout|currency"):
        payout(BankDestination(HOLDER, "BCA", ACCOUNT_NUMBER), **changes)


def test_account_details_stay_out_of_reprs():
    requests = [
        payout(XenditDestination("ID_BCA", ACCOUNT_NUMBER, HOLDER)),
        payout(BankDestination(HOLDER, "BCA", ACCOUNT_NUMBER)),
        bank_transfer_row(payout(BankDestination(HOLDER, "BCA", ACCOUNT_NUMBER)), HOLDER),
        XenditPayoutRequest(REFERENCE, Decimal(1), "ID_BCA", ACCOUNT_NUMBER, HOLDER, ""),
    ]
    for request in requests:
        shown = repr(request)
        assert REFERENCE in shown
        assert ACCOUNT_NUMBER not in shown
        assert HOLDER not in shown


def test_rails_are_named_in_one_place_and_the_bank_file_is_always_on(settings, no_payments):
    settings.XENDIT_SECRET_KEY = ""
    assert [rail.name for rail in enabled_rails()] == ["bank_file"]
    assert isinstance(rail_named("stripe_connect"), StripeConnectRail)
    assert isinstance(rail_named("xendit"), XenditPayoutRail)
    assert isinstance(rail_named("bank_file"), BankFileRail)
    with pytest.raises(PaymentsNotConfigured):
        rail_named("paypal")


def test_every_rail_is_on_when_its_provider_is_configured(stripe_api, xendit_api):
    names = [rail.name for rail in enabled_rails()]
    assert names == ["xendit", "stripe_connect", "bank_file"]
    assert {rail.label for rail in enabled_rails()} >= {"Stripe Connect"}


@pytest.mark.parametrize("rail", [StripeConnectRail(), XenditPayoutRail(), BankFileRail()])
def test_a_destination_of_another_rail_is_refused_before_anything_is_sent(
    rail, stripe_api, xendit_api
):
    other = (
        StripeDestination("acct_test_1")
        if not isinstance(rail, StripeConnectRail)
        else BankDestination(HOLDER, "BCA", ACCOUNT_NUMBER)
    )
    with pytest.raises(PaymentProviderRefused, match="another rail"):
        rail.send(payout(other))
    assert stripe_api.requests == xendit_api.requests == []


# Stripe Connect: accounts and onboarding ----------------------------------------------------


def test_a_creator_gets_an_express_account_that_can_receive_transfers(stripe_api):
    account_id = stripe_gateway.create_connected_account("dewi@example.com", "id")

    assert account_id.startswith("acct_")
    sent = posts(stripe_api, "/v1/accounts")[-1].params
    assert sent["type"] == "express"
    assert sent["country"] == "ID"
    assert sent["email"] == "dewi@example.com"
    assert sent["capabilities"] == {"transfers": {"requested": "true"}}


def test_onboarding_link_and_readiness(stripe_api):
    account_id = stripe_gateway.create_connected_account("dewi@example.com", "ID")

    url = stripe_gateway.account_onboarding_link(
        account_id, "https://shop.example/creators/stripe/refresh/", "https://shop.example/me/"
    )

    assert url.startswith(f"{stripe_api.url}/connect/onboarding/")
    sent = posts(stripe_api, "/v1/account_links")[-1].params
    assert sent == {
        "account": account_id,
        "refresh_url": "https://shop.example/creators/stripe/refresh/",
        "return_url": "https://shop.example/me/",
        "type": "account_onboarding",
    }
    assert stripe_gateway.connected_account_ready(account_id) is False
    stripe_api.complete_onboarding(account_id)
    assert stripe_gateway.connected_account_ready(account_id) is True


def test_an_unknown_or_malformed_account_id_is_refused(stripe_api):
    with pytest.raises(PaymentProviderRefused):
        stripe_gateway.connected_account_ready("acct_test_unknown")
    with pytest.raises(PaymentProviderRefused, match="not a Stripe account id"):
        stripe_gateway.connected_account_ready("../v1/balance")
    assert [r.path for r in stripe_api.requests] == ["/v1/accounts/acct_test_unknown"]


# Stripe Connect: transfers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("currency", "amount", "minor_units"),
    [("IDR", "85000.00", "8500000"), ("USD", "12.34", "1234"), ("JPY", "500", "500")],
)
def test_a_stripe_payout_is_one_transfer_in_minor_units_keyed_by_its_reference(
    stripe_api, currency, amount, minor_units
):
    request = stripe_payout(stripe_api, amount=amount, currency=currency)

    sent = StripeConnectRail().send(request)

    (transfer,) = stripe_api.transfers()
    assert sent == RailPayout(transfer["id"], PayoutState.PAID)
    (post,) = posts(stripe_api, "/v1/transfers")
    assert post.idempotency_key == f"payout-{REFERENCE}"
    assert post.params == {
        "amount": minor_units,
        "currency": currency.lower(),
        "destination": request.destination.account_id,
        "transfer_group": REFERENCE,
        "metadata": {"payout": REFERENCE},
        "description": "Storyshop commissions, April 2026",
    }
    assert StripeConnectRail().state(request, transfer["id"]) == sent
    assert StripeConnectRail().state(request, "") == sent


def test_an_amount_finer_than_the_currency_is_refused_before_anything_is_sent(stripe_api):
    request = stripe_payout(stripe_api, amount="12.345", currency="USD")
    with pytest.raises(PaymentProviderRefused, match="more decimals"):
        StripeConnectRail().send(request)
    assert stripe_api.transfers() == []


def test_sending_a_stripe_payout_again_returns_its_transfer(stripe_api):
    request = stripe_payout(stripe_api)

    first = StripeConnectRail().send(request)
    again = StripeConnectRail().send(request)

    assert again == first
    assert len(stripe_api.transfers()) == 1
    assert len(posts(stripe_api, "/v1/transfers")) == 1  # found, not created again


@pytest.mark.parametrize(
    "lose_the_answer",
    [
        lambda stand_in: stand_in.fail_next(500, after_processing=True, on="POST /v1/transfers"),
        lambda stand_in: stand_in.delay_next(1.5, after_processing=True, on="POST /v1/transfers"),
    ],
    ids=["500", "timeout"],
)
def test_a_stripe_payout_whose_answer_was_lost_is_paid_once(stripe_api, lose_the_answer):
    request = stripe_payout(stripe_api)
    lose_the_answer(stripe_api)

    with pytest.raises(PaymentProviderUnavailable):
        StripeConnectRail().send(request)
    sent = StripeConnectRail().send(request)

    (transfer,) = stripe_api.transfers()
    assert sent.provider_id == transfer["id"]


def test_the_transfer_is_keyed_so_a_quick_retry_is_replayed_not_paid_again(stripe_api):
    account_id = onboarded_account(stripe_api)
    stripe_api.fail_next(500, after_processing=True)
    with pytest.raises(PaymentProviderUnavailable):
        stripe_gateway.create_transfer(REFERENCE, 8500000, "IDR", account_id)

    again = stripe_gateway.create_transfer(REFERENCE, 8500000, "IDR", account_id)

    (transfer,) = stripe_api.transfers()
    assert again == PayoutUpdate("stripe_connect", REFERENCE, transfer["id"], PayoutState.PAID)
    assert stripe_api.requests[-1].replayed
    # The same reference with another amount is Stripe's idempotency error: never a second one.
    with pytest.raises(PaymentProviderUnavailable):
        stripe_gateway.create_transfer(REFERENCE, 100, "IDR", account_id)
    assert len(stripe_api.transfers()) == 1


def test_a_transfer_stripe_refuses_is_refused_and_nothing_is_sent(stripe_api):
    not_onboarded = stripe_gateway.create_connected_account("dewi@example.com", "ID")

    with pytest.raises(PaymentProviderRefused, match="capabilities"):
        StripeConnectRail().send(payout(StripeDestination(not_onboarded)))

    assert stripe_api.transfers() == []


def test_a_reversed_transfer_is_reversed(stripe_api):
    request = stripe_payout(stripe_api)
    sent = StripeConnectRail().send(request)

    stripe_api.reverse_transfer(sent.provider_id)

    state = StripeConnectRail().state(request, sent.provider_id)
    assert state.state is PayoutState.REVERSED
    assert state.failure == "Stripe took the transfer back in full."


def test_the_state_of_a_payout_stripe_never_made_is_refused(stripe_api):
    request = stripe_payout(stripe_api)
    with pytest.raises(PaymentProviderRefused, match="no transfer"):
        StripeConnectRail().state(request, "")


# Stripe Connect: webhooks -------------------------------------------------------------------


def read_event(event: dict[str, Any]):
    payload = json.dumps(event)
    return stripe_gateway.read_webhook(payload.encode(), sign_payload(payload, WEBHOOK_SECRET))


def test_a_transfer_reversed_event_is_read_into_the_notifications_payout(stripe_api):
    sent = StripeConnectRail().send(stripe_payout(stripe_api))

    notification = read_event(stripe_api.reverse_transfer(sent.provider_id))

    assert notification.kind == "transfer.reversed"
    assert notification.object_id == sent.provider_id
    assert notification.payout == PayoutUpdate(
        "stripe_connect",
        REFERENCE,
        sent.provider_id,
        PayoutState.REVERSED,
        "Stripe took the transfer back in full.",
    )
    assert notification.is_actionable  # the payout it names follows it


def test_transfer_created_and_updated_events_say_paid_or_partly_reversed(stripe_api):
    sent = StripeConnectRail().send(stripe_payout(stripe_api))
    (transfer,) = stripe_api.transfers()

    created = read_event(stripe_api.event("transfer.created", transfer))
    partly = {**transfer, "amount_reversed": 100, "reversed": False}
    updated = read_event(stripe_api.event("transfer.updated", partly))

    assert created.payout == PayoutUpdate(
        "stripe_connect", REFERENCE, sent.provider_id, PayoutState.PAID
    )
    assert updated.payout is not None
    assert updated.payout.state is PayoutState.REVERSED
    assert updated.payout.failure == "Stripe took part of the transfer back."


def test_a_transfer_the_shop_did_not_make_is_recorded_without_a_payout(stripe_api):
    transfer = {"id": "tr_test_dashboard", "object": "transfer", "amount": 100, "metadata": {}}
    notification = read_event(stripe_api.event("transfer.created", transfer))
    assert notification.payout is None


@pytest.mark.parametrize(
    "subject",
    [
        {"id": "tr_test_1", "object": "charge"},
        {"id": "not-a-transfer", "object": "transfer"},
        {"id": "tr_test_1", "object": "transfer", "amount": "100"},
        {"id": "tr_test_1", "object": "transfer", "metadata": {"payout": 42}},
    ],
)
def test_a_transfer_event_that_cannot_be_read_is_an_invalid_webhook(stripe_api, subject):
    with pytest.raises(InvalidWebhook):
        read_event(stripe_api.event("transfer.reversed", subject))


@pytest.mark.django_db
def test_a_transfer_reversed_webhook_for_a_payout_the_shop_never_made_is_ignored(
    client, stripe_api
):
    from commerce.shop.models import PaymentEvent

    sent = StripeConnectRail().send(stripe_payout(stripe_api))
    event = stripe_api.reverse_transfer(sent.provider_id)

    response = deliver(client, event)

    assert response.status_code == 200
    assert response.json() == {"received": True, "outcome": "ignored"}
    recorded = PaymentEvent.objects.get()
    assert (recorded.event_id, recorded.type) == (event["id"], "transfer.reversed")
    assert recorded.object_id == sent.provider_id


# Xendit payouts -----------------------------------------------------------------------------


def test_a_xendit_payout_is_whole_rupiah_to_a_bank_account_keyed_by_its_reference(xendit_api):
    request = xendit_payout(amount="90000.00")

    sent = XenditPayoutRail().send(request)

    (stored,) = xendit_api.payouts()
    assert sent == RailPayout(stored["id"], PayoutState.PROCESSING)
    (post,) = posts(xendit_api, "/v2/payouts")
    assert post.headers["idempotency-key"] == f"payout-{REFERENCE}"
    assert post.body == {
        "reference_id": REFERENCE,
        "channel_code": "ID_BCA",
        "channel_properties": {"account_holder_name": HOLDER, "account_number": ACCOUNT_NUMBER},
        "amount": 90000,
        "currency": "IDR",
        "description": "Storyshop commissions, April 2026",
    }
    assert type(post.body["amount"]) is int
    assert XenditPayoutRail().state(request, stored["id"]) == sent
    assert XenditPayoutRail().state(request, "") == sent


def test_an_e_wallet_payout_goes_to_the_phone_number(xendit_api):
    XenditPayoutRail().send(xendit_payout("ID_OVO", "081234567890"))
    (stored,) = xendit_api.payouts()
    assert stored["channel_code"] == "ID_OVO"
    assert stored["channel_properties"]["account_number"] == "081234567890"


@pytest.mark.parametrize(
    ("status", "failure_code", "state", "failure"),
    [
        ("REQUESTED", None, PayoutState.PROCESSING, ""),
        ("SUCCEEDED", None, PayoutState.PAID, ""),
        (
            "FAILED",
            "INVALID_DESTINATION",
            PayoutState.FAILED,
            "The account number or the holder's name is wrong.",
        ),
        ("FAILED", "SOMETHING_NEW", PayoutState.FAILED, "Xendit says SOMETHING_NEW."),
        ("CANCELLED", None, PayoutState.FAILED, "The payout was cancelled."),
        ("REVERSED", None, PayoutState.REVERSED, ""),
    ],
)
def test_xendits_payout_states_in_the_shops_words(xendit_api, status, failure_code, state, failure):
    request = xendit_payout()
    sent = XenditPayoutRail().send(request)

    xendit_api.settle_payout(sent.provider_id, status, failure_code)

    assert XenditPayoutRail().state(request, sent.provider_id) == RailPayout(
        sent.provider_id, state, failure
    )


@pytest.mark.parametrize(
    "lose_the_answer",
    [
        lambda stand_in: stand_in.fail_next(500, after_processing=True),
        lambda stand_in: stand_in.delay_next(1.5, after_processing=True),
    ],
    ids=["500", "timeout"],
)
def test_a_xendit_payout_whose_answer_was_lost_is_paid_once(xendit_api, lose_the_answer):
    request = xendit_payout()
    lose_the_answer(xendit_api)

    with pytest.raises(PaymentProviderUnavailable):
        XenditPayoutRail().send(request)
    sent = XenditPayoutRail().send(request)

    (stored,) = xendit_api.payouts()
    assert sent.provider_id == stored["id"]
    assert xendit_api.requests[-1].replayed


def test_with_retries_on_the_gateway_finds_the_payout_before_sending_again(
    xendit_api, settings, no_pause
):
    settings.XENDIT_MAX_NETWORK_RETRIES = "2"
    xendit_api.fail_next(503, after_processing=True)

    sent = XenditPayoutRail().send(xendit_payout())

    (stored,) = xendit_api.payouts()
    assert sent.provider_id == stored["id"]
    assert [(r.method, r.path) for r in xendit_api.requests] == [
        ("POST", "/v2/payouts"),
        ("GET", "/v2/payouts"),
    ]


def test_the_same_reference_with_other_details_returns_the_payout_already_made(xendit_api):
    first = XenditPayoutRail().send(xendit_payout(amount="90000"))

    again = XenditPayoutRail().send(xendit_payout(amount="95000"))  # 409, then found

    assert again == first
    assert len(xendit_api.payouts()) == 1


def test_a_channel_xendit_does_not_know_is_refused(xendit_api):
    with pytest.raises(PaymentProviderRefused):
        XenditPayoutRail().send(xendit_payout("ID_NOWHERE"))
    assert xendit_api.payouts() == []


@pytest.mark.parametrize(
    ("request_", "match"),
    [
        (xendit_payout(amount="90000.50"), "whole rupiah"),
        (xendit_payout(currency="USD", amount="12.00"), "IDR"),
        (xendit_payout("PH_GCASH"), "Indonesian"),
        (xendit_payout(number="  "), "number"),
    ],
    ids=["cents", "dollars", "not Indonesian", "no account number"],
)
def test_what_xendit_cannot_pay_is_refused_before_anything_is_sent(xendit_api, request_, match):
    with pytest.raises(PaymentProviderRefused, match=match):
        XenditPayoutRail().send(request_)
    assert xendit_api.requests == []


def test_the_gateway_refuses_cents_as_money_not_rounded(xendit_api):
    instruction = XenditPayoutRequest(REFERENCE, Decimal("1.5"), "ID_BCA", "1", HOLDER, "")
    with pytest.raises(MoneyError):
        xendit_gateway.create_payout(instruction)


def test_the_state_of_a_payout_xendit_never_made_is_refused(xendit_api):
    with pytest.raises(PaymentProviderRefused, match="no payout"):
        XenditPayoutRail().state(xendit_payout(), "")
    with pytest.raises(PaymentProviderRefused):
        XenditPayoutRail().state(xendit_payout(), "disb-unknown")


def test_payout_details_are_never_logged(xendit_api, caplog):
    caplog.set_level(logging.INFO, logger="commerce")
    xendit_api.fail_next(400)
    with pytest.raises(PaymentProviderRefused):
        XenditPayoutRail().send(xendit_payout())
    sent = XenditPayoutRail().send(xendit_payout())
    xendit_api.settle_payout(sent.provider_id, "SUCCEEDED")
    xendit_gateway.read_payout_callback(
        xendit_api.payout_callback_body(sent.provider_id, "FAILED"), XENDIT_CALLBACK_TOKEN
    )

    assert REFERENCE in caplog.text
    assert ACCOUNT_NUMBER not in caplog.text
    assert HOLDER not in caplog.text


# Xendit payout callbacks --------------------------------------------------------------------


def test_a_payout_callback_reports_the_payout_as_the_api_has_it(xendit_api):
    sent = XenditPayoutRail().send(xendit_payout())
    xendit_api.settle_payout(sent.provider_id, "SUCCEEDED")
    body = xendit_api.payout_callback_body(sent.provider_id)

    update = xendit_gateway.read_payout_callback(body, XENDIT_CALLBACK_TOKEN)

    assert json.loads(body)["event"] == "payout.succeeded"
    assert update == PayoutUpdate("xendit", REFERENCE, sent.provider_id, PayoutState.PAID)
    assert xendit_api.requests[-1].path == f"/v2/payouts/{sent.provider_id}"


def test_a_callback_claiming_success_for_a_payout_still_accepted_says_processing(xendit_api):
    sent = XenditPayoutRail().send(xendit_payout())
    body = xendit_api.payout_callback_body(sent.provider_id, claimed_status="SUCCEEDED")

    update = xendit_gateway.read_payout_callback(body, XENDIT_CALLBACK_TOKEN)

    assert update.state is PayoutState.PROCESSING


@pytest.mark.parametrize("token", [None, "", "not-the-token", XENDIT_CALLBACK_TOKEN + "x", "ü"])
def test_a_payout_callback_without_the_token_is_forged(xendit_api, token):
    sent = XenditPayoutRail().send(xendit_payout())
    asked = len(xendit_api.requests)

    with pytest.raises(ForgedWebhook):
        xendit_gateway.read_payout_callback(
            xendit_api.payout_callback_body(sent.provider_id), token
        )

    assert len(xendit_api.requests) == asked  # Xendit was not asked


def test_a_payout_callback_about_a_payout_xendit_does_not_know_is_invalid(xendit_api):
    body = json.dumps(
        {"event": "payout.succeeded", "data": {**PAYOUT, "id": "disb-unknown"}}
    ).encode()
    with pytest.raises(InvalidWebhook, match="no payout"):
        xendit_gateway.read_payout_callback(body, XENDIT_CALLBACK_TOKEN)


PAYOUT = {"id": "disb-0123456789abcdef01234567", "reference_id": "PO-1", "status": "SUCCEEDED"}


def callback(**changes: Any) -> bytes:
    return json.dumps({"event": "payout.succeeded", "data": PAYOUT, **changes}).encode()


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{not json",
        b"\xff\xfe\x00",
        b"[]",
        b'"SUCCEEDED"',
        callback(padding="x" * 65_536),  # over 64 KiB
        callback(event="invoice.paid"),
        callback(event=None),
        callback(data=None),
        callback(data=[PAYOUT]),
        callback(data={**PAYOUT, "id": None}),
        callback(data={**PAYOUT, "id": "../../v2/balance"}),
        callback(data={**PAYOUT, "reference_id": ""}),
        callback(data={**PAYOUT, "status": "PAID"}),
        callback(data={**PAYOUT, "status": ["SUCCEEDED"]}),
        b'{"event": "payout.succeeded", "data": {"status": NaN}}',
        b"[" * 30_000 + b"]" * 30_000,
    ],
)
def test_a_payout_callback_that_cannot_be_read_is_invalid(xendit_api, body):
    with pytest.raises(InvalidWebhook):
        xendit_gateway.read_payout_callback(body, XENDIT_CALLBACK_TOKEN)
    assert xendit_api.requests == []


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
PAYOUT_LIKE = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.just(PAYOUT["id"]), st.text(max_size=40), JSON_VALUES),
        "reference_id": st.one_of(st.just("PO-1"), st.text(max_size=300), JSON_VALUES),
        "status": st.one_of(
            st.sampled_from(["ACCEPTED", "SUCCEEDED", "FAILED", "REVERSED", "succeeded", ""]),
            JSON_VALUES,
        ),
    },
)
CALLBACK_LIKE = st.fixed_dictionaries(
    {},
    optional={
        "event": st.one_of(
            st.sampled_from(["payout.succeeded", "payout.failed", "invoice.paid"]), JSON_VALUES
        ),
        "data": st.one_of(PAYOUT_LIKE, JSON_VALUES),
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
def test_a_payout_callback_body_is_either_read_or_an_invalid_webhook(body):
    try:
        read = xendit_gateway.parse_payout_callback(body)
    except InvalidWebhook:
        return
    assert isinstance(read, PayoutCallback)
    assert isinstance(read.status, PayoutState)
    assert 1 <= len(read.payout_id) <= 255
    assert "/" not in read.payout_id
    assert "." not in read.payout_id
    assert isinstance(read.reference, str)
    assert read.reference


# The bank-transfer file ---------------------------------------------------------------------


def test_a_bank_file_payout_is_processing_until_staff_pay_it(settings, no_payments):
    request = payout(BankDestination(HOLDER, "BCA", ACCOUNT_NUMBER))
    assert BankFileRail().is_enabled()
    assert BankFileRail().send(request) == RailPayout("", PayoutState.PROCESSING)
    assert BankFileRail().state(request, "") == RailPayout("", PayoutState.PROCESSING)


def test_the_bank_file_lists_each_payout_with_a_plain_amount():
    request = payout(BankDestination(HOLDER, "Bank Central Asia", ACCOUNT_NUMBER))
    rows = [
        bank_transfer_row(request, "Dewi"),
        BankTransferRow(
            "PO-2026-0002",
            "Made, Ketut",
            'Ketut "Made" Wirawan',
            "Mandiri",
            "1370012345678",
            Decimal("1250000.5"),
            "IDR",
            "April\nMay",
        ),
    ]

    assert bank_transfer_csv(rows) == (
        "reference,creator name,account holder,bank,account number,amount,currency,"
        "description\r\n"
        "PO-2026-0001,Dewi,Dewi Lestari,Bank Central Asia,8830412299,85000.00,IDR,"
        '"Storyshop commissions, April 2026"\r\n'
        'PO-2026-0002,"Made, Ketut","Ketut ""Made"" Wirawan",Mandiri,1370012345678,1250000.5,'
        'IDR,"April\nMay"\r\n'
    )


def test_the_bank_file_defuses_cells_a_spreadsheet_would_run():
    row = BankTransferRow(
        "=1+1",
        "+62 812",
        "-2+3",
        "@SUM(A1)",
        "\t0123",
        Decimal("10.00"),
        "IDR",
        '\r=HYPERLINK("http://evil.example","click")',
    )

    (_, line, _) = bank_transfer_csv([row]).split("\r\n")

    assert line == (
        "'=1+1,'+62 812,'-2+3,'@SUM(A1),'\t0123,10.00,IDR,"
        '"\'\r=HYPERLINK(""http://evil.example"",""click"")"'
    )


def test_an_empty_bank_file_has_its_header_only():
    assert bank_transfer_csv([]) == (
        "reference,creator name,account holder,bank,account number,amount,currency,description\r\n"
    )
