"""The commission ledger (append-only; pending, payable, paid) and payout runs (idempotent,
audit-logged, clawbacks), through the services, the command, the admin and the rails."""

import csv
import io
import re
import threading
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from commerce.shop.models import (
    CommissionEntry,
    Order,
    OrderLine,
    Payout,
    PayoutAccount,
    Refund,
    RefundLine,
)
from commerce.shop.payments import stripe_gateway
from commerce.shop.services.ledger import balance, follow_refunds, record_accruals
from commerce.shop.services.payouts import mark_paid_by_hand, run_payouts
from storyshop.creators.models import CreatorProfile
from tests.commerce.conftest import deliver
from tests.commerce.xendit_fixtures import callback_headers
from tests.users import member_of

pytestmark = pytest.mark.django_db

LATER = timedelta(days=15)  # past the 14-day holding period


@pytest.fixture
def dewi(db) -> CreatorProfile:
    return CreatorProfile.objects.create(
        name="Dewi", slug="dewi", commission_rate="0.100", user=member_of("Creators")
    )


@pytest.fixture
def bank_account(dewi) -> PayoutAccount:
    return PayoutAccount.objects.create(
        creator=dewi,
        rail=PayoutAccount.Rail.BANK_FILE,
        bank="BCA",
        account_number="1234567890",
        account_holder="Dewi Lestari",
    )


def sale(creator, price: str = "500000.00", quantity: int = 2, rate: str | None = "0.100"):
    """A paid order of one line credited to `creator`, its accrual recorded as payment does."""
    order = Order.objects.create(
        status=Order.Status.PAID,
        currency="IDR",
        total=Decimal(price) * quantity,
        email="reader@example.com",
        paid_at=timezone.now(),
    )
    OrderLine.objects.create(
        order=order,
        product_name="Kopi Gayo",
        sku="KOPI",
        unit_price=Decimal(price),
        quantity=quantity,
        creator=creator,
        credit=OrderLine.Credit.REFERRAL,
        commission_rate=rate,
    )
    record_accruals(order)
    return order


def refund_units(order: Order, units: int) -> None:
    """A refund of `units` of the order's line, as the admin's refund records it."""
    line = order.lines.get()
    refund = Refund.objects.create(
        order=order, amount=line.unit_price * units, status=Refund.Status.SUCCEEDED
    )
    RefundLine.objects.create(refund=refund, order_line=line, quantity=units)
    order.refunded_amount += line.unit_price * units
    order.save()
    follow_refunds(order)


def test_a_paid_sale_is_pending_for_the_holding_period_then_payable(dewi):
    sale(dewi)  # Rp 1.000.000 at 10%

    assert balance(dewi) == balance(dewi, timezone.now())
    now = balance(dewi)
    later = balance(dewi, timezone.now() + LATER)
    assert (now.pending, now.payable) == (Decimal("100000.00"), 0)
    assert (later.pending, later.payable) == (0, Decimal("100000.00"))


def test_recording_the_payment_again_adds_nothing(dewi):
    order = sale(dewi)

    record_accruals(order)
    follow_refunds(order)

    assert CommissionEntry.objects.count() == 1


def test_the_rate_stored_on_the_line_is_used_not_the_creators_rate_now(dewi):
    dewi.commission_rate = Decimal("0.300")
    dewi.save()

    sale(dewi, rate="0.100")

    entry = CommissionEntry.objects.get()
    assert (entry.rate, entry.base, entry.amount) == (
        Decimal("0.100"),
        Decimal("1000000.00"),
        Decimal("100000.00"),
    )


def test_a_refund_adds_a_reversal_for_exactly_the_refunded_units_and_changes_no_entry(dewi):
    order = sale(dewi)
    accrual = CommissionEntry.objects.values().get()

    refund_units(order, 1)
    follow_refunds(order)  # repeated: nothing more

    assert CommissionEntry.objects.values().get(pk=accrual["id"]) == accrual
    reversal = CommissionEntry.objects.get(kind=CommissionEntry.Kind.REVERSAL)
    assert (reversal.base, reversal.amount) == (Decimal("-500000.00"), Decimal("-50000.00"))
    assert balance(dewi, timezone.now() + LATER).payable == Decimal("50000.00")


def test_the_ledger_refuses_a_reversal_with_a_positive_amount(dewi):
    order = sale(dewi)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommissionEntry.objects.create(
            creator=dewi,
            order=order,
            kind=CommissionEntry.Kind.REVERSAL,
            rate="0.100",
            base=1,
            amount=1,
            currency="IDR",
            available_at=timezone.now(),
        )


def test_below_the_minimum_nobody_is_paid(dewi, bank_account, settings):
    settings.STORYSHOP_PAYOUT_MINIMUM = "150000"
    sale(dewi)

    run = run_payouts(now=timezone.now() + LATER)

    assert run.made == []
    assert not Payout.objects.exists()


def test_nothing_is_paid_inside_the_holding_period(dewi, bank_account):
    sale(dewi)

    assert run_payouts().made == []


def test_a_run_pays_the_payable_balance_once(dewi, bank_account):
    sale(dewi)
    sale(dewi, price="100000.00", quantity=1)
    later = timezone.now() + LATER

    first = run_payouts(now=later)
    again = run_payouts(now=later)

    [payout] = first.made
    assert again.made == []
    assert (payout.gross, payout.amount, payout.status) == (
        Decimal("110000.00"),
        Decimal("110000.00"),
        Payout.Status.PROCESSING,
    )
    assert payout.items.count() == 2
    assert balance(dewi, later).in_payout == Decimal("110000.00")
    assert balance(dewi, later).payable == 0


def test_the_withholding_is_taken_from_the_payout_and_shown_as_its_own_line(
    client, dewi, bank_account, settings
):
    settings.STORYSHOP_PAYOUT_WITHHOLDING_RATE = "0.025"
    sale(dewi)

    [payout] = run_payouts(now=timezone.now() + LATER).made
    client.force_login(dewi.user)
    html = client.get("/admin/my-results/statement/").text

    assert (payout.gross, payout.withheld, payout.amount) == (
        Decimal("100000.00"),
        Decimal("2500.00"),
        Decimal("97500.00"),
    )
    lines = dict(re.findall(r'data-line="(\w+)">([^<]+)<', html))
    assert lines == {
        "gross": "Rp\u00a0100.000",
        "withheld": "Rp\u00a02.500",
        "amount": "Rp\u00a097.500",
    }


def test_a_refund_after_the_payout_is_taken_from_the_next_one(dewi, bank_account, admin_user):
    order = sale(dewi)
    later = timezone.now() + LATER
    [first] = run_payouts(now=later).made
    mark_paid_by_hand([first], admin_user)

    refund_units(order, 1)  # Rp 50.000 of commission already paid out comes back
    assert balance(dewi, later).payable == Decimal("-50000.00")
    assert balance(dewi, later).paid == Decimal("100000.00")
    sale(dewi, price="1000000.00", quantity=1)  # Rp 100.000 more, payable later
    [second] = run_payouts(now=later + LATER).made

    assert second.gross == Decimal("50000.00")  # 100.000 less the 50.000 clawed back
    assert balance(dewi, later + LATER).payable == 0


def test_a_negative_balance_makes_no_payout(dewi, bank_account, admin_user, settings):
    order = sale(dewi)
    later = timezone.now() + LATER
    mark_paid_by_hand(run_payouts(now=later).made, admin_user)
    refund_units(order, 2)

    assert run_payouts(now=later).made == []
    assert balance(dewi, later).payable == Decimal("-100000.00")


def test_a_creator_without_a_payout_account_is_skipped_and_said_so(dewi):
    sale(dewi)

    run = run_payouts(now=timezone.now() + LATER)

    assert run.made == []
    assert run.skipped == {str(dewi.pk): "no payout account"}


def test_the_command_pays_and_says_what_it_did(dewi, bank_account, monkeypatch):
    sale(dewi)
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + LATER)
    out = StringIO()

    call_command("run_payouts", stdout=out)
    call_command("run_payouts", stdout=out)

    payout = Payout.objects.get()
    assert f"{payout.reference}: Rp\u00a0100.000 to Dewi (bank_file, processing)" in out.getvalue()
    assert out.getvalue().endswith("No payouts are due.\n")


def test_the_command_refuses_arguments(db):
    with pytest.raises(CommandError):
        call_command("run_payouts", "now")


def test_payouts_are_audit_logged(dewi, bank_account, admin_user):
    sale(dewi)
    [payout] = run_payouts(actor=admin_user, now=timezone.now() + LATER).made
    mark_paid_by_hand([payout], admin_user)

    actions = list(
        ModelLogEntry.objects.filter(object_id=str(payout.pk))
        .order_by("timestamp")
        .values_list("action", "user")
    )
    assert actions == [
        ("storyshop.payout.create", admin_user.pk),
        ("storyshop.payout.paid", admin_user.pk),
    ]


# Stripe Connect -----------------------------------------------------------------------------


@pytest.fixture
def stripe_account(stripe_api, dewi) -> PayoutAccount:
    account_id = stripe_gateway.create_connected_account("dewi@example.com", "ID")
    stripe_api.complete_onboarding(account_id)
    return PayoutAccount.objects.create(
        creator=dewi, rail=PayoutAccount.Rail.STRIPE_CONNECT, stripe_account_id=account_id
    )


def test_a_stripe_payout_is_one_transfer_and_a_reversal_makes_the_entries_payable_again(
    client, stripe_api, dewi, stripe_account
):
    sale(dewi)
    later = timezone.now() + LATER

    [payout] = run_payouts(now=later).made
    run_payouts(now=later)

    [transfer] = stripe_api.transfers()
    payout.refresh_from_db()
    assert (transfer["amount"], transfer["destination"]) == (
        10000000,
        stripe_account.stripe_account_id,
    )
    assert (payout.provider_id, payout.status) == (transfer["id"], Payout.Status.PAID)
    assert balance(dewi, later).paid == Decimal("100000.00")

    response = deliver(client, stripe_api.reverse_transfer(transfer["id"]))

    assert response.json()["outcome"] == "processed"
    payout.refresh_from_db()
    assert payout.status == Payout.Status.FAILED
    assert balance(dewi, later).payable == Decimal("100000.00")


def test_a_stripe_outage_leaves_the_payout_processing_and_the_next_run_sends_it_once(
    stripe_api, dewi, stripe_account
):
    sale(dewi)
    later = timezone.now() + LATER
    stripe_api.fail_next(500)

    [payout] = run_payouts(now=later).made
    payout.refresh_from_db()
    assert (payout.status, payout.provider_id) == (Payout.Status.PROCESSING, "")
    run_payouts(now=later)

    payout.refresh_from_db()
    assert len(stripe_api.transfers()) == 1
    assert payout.status == Payout.Status.PAID
    transfer_posts = [r for r in stripe_api.requests if r.path.rstrip("/") == "/v1/transfers"]
    keys = {r.idempotency_key for r in transfer_posts if r.method == "POST"}
    assert len(keys) == 1


# Xendit payouts ------------------------------------------------------------------------------


@pytest.fixture
def xendit_account(xendit_api, dewi) -> PayoutAccount:
    return PayoutAccount.objects.create(
        creator=dewi,
        rail=PayoutAccount.Rail.XENDIT,
        channel_code="ID_BCA",
        account_number="1234567890",
        account_holder="Dewi Lestari",
    )


def xendit_callback(client, xendit_api, payout_id: str, claimed: str | None = None):
    return client.post(
        "/payments/xendit/callback/",
        xendit_api.payout_callback_body(payout_id, claimed_status=claimed),
        content_type="application/json",
        headers=callback_headers(),
    )


def test_a_xendit_payout_is_paid_when_xendit_says_so_once(client, xendit_api, dewi, xendit_account):
    sale(dewi)
    later = timezone.now() + LATER
    [payout] = run_payouts(now=later).made
    payout.refresh_from_db()
    [sent] = xendit_api.payouts()
    assert (sent["amount"], sent["reference_id"]) == (100000, payout.reference)

    claimed = xendit_callback(client, xendit_api, payout.provider_id, claimed="SUCCEEDED")
    payout.refresh_from_db()
    assert claimed.status_code == 200
    assert payout.status == Payout.Status.PROCESSING  # Xendit's API does not say so yet

    xendit_api.settle_payout(payout.provider_id, "SUCCEEDED")
    first = xendit_callback(client, xendit_api, payout.provider_id)
    again = xendit_callback(client, xendit_api, payout.provider_id)

    payout.refresh_from_db()
    assert (first.json()["outcome"], again.json()["outcome"]) == ("processed", "duplicate")
    assert payout.status == Payout.Status.PAID
    assert balance(dewi, later).paid == Decimal("100000.00")


def test_a_failed_xendit_payout_makes_the_entries_payable_again(
    client, xendit_api, dewi, xendit_account
):
    sale(dewi)
    later = timezone.now() + LATER
    [payout] = run_payouts(now=later).made
    payout.refresh_from_db()

    xendit_api.settle_payout(payout.provider_id, "FAILED", "INVALID_DESTINATION")
    xendit_callback(client, xendit_api, payout.provider_id)

    payout.refresh_from_db()
    assert payout.status == Payout.Status.FAILED
    assert payout.failure
    assert balance(dewi, later).payable == Decimal("100000.00")
    [retry] = run_payouts(now=later).made  # the creator fixed the account; the next run pays
    assert retry.reference != payout.reference


def test_a_payout_callback_without_the_token_changes_nothing(
    client, xendit_api, dewi, xendit_account
):
    sale(dewi)
    [payout] = run_payouts(now=timezone.now() + LATER).made
    payout.refresh_from_db()
    xendit_api.settle_payout(payout.provider_id, "SUCCEEDED")

    response = client.post(
        "/payments/xendit/callback/",
        xendit_api.payout_callback_body(payout.provider_id),
        content_type="application/json",
        headers=callback_headers("wrong-token"),
    )

    payout.refresh_from_db()
    assert response.status_code == 403
    assert payout.status == Payout.Status.PROCESSING


# The admin ----------------------------------------------------------------------------------


def turned_away(response) -> bool:
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard."""
    return (response.status_code, response.get("Location")) == (302, "/admin/")


@pytest.fixture
def finance(django_user_model):
    user = member_of("Editors", username="finance")
    user.user_permissions.add(Permission.objects.get(codename="run_payouts"))
    return user


def test_only_staff_with_the_permission_open_payouts(client, dewi, finance):
    client.force_login(member_of("Editors", username="editor"))
    assert turned_away(client.get("/admin/payouts/"))
    client.force_login(dewi.user)
    assert turned_away(client.get("/admin/payouts/"))
    assert turned_away(client.post("/admin/payouts/", {"action": "run"}))
    client.force_login(finance)
    assert client.get("/admin/payouts/").status_code == 200


def test_staff_run_payouts_download_the_bank_file_and_mark_them_paid(
    client, dewi, bank_account, finance, monkeypatch
):
    sale(dewi)
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + LATER)
    client.force_login(finance)

    assert client.post("/admin/payouts/", {"action": "run"}).status_code == 303
    payout = Payout.objects.get()
    rows = list(csv.reader(io.StringIO(client.get("/admin/payouts/?format=bank-file").text)))
    assert rows[1][:6] == [
        payout.reference,
        "Dewi",
        "Dewi Lestari",
        "BCA",
        "1234567890",
        "100000.00",
    ]
    client.post("/admin/payouts/", {"action": "mark_paid", "payout": [payout.pk, "x"]})

    payout.refresh_from_db()
    assert (payout.status, payout.created_by) == (Payout.Status.PAID, finance)
    assert client.post("/admin/payouts/", {"action": "nope"}).status_code == 400


def test_a_creator_sets_their_own_payout_account_and_cannot_open_anothers(client, dewi):
    rini = CreatorProfile.objects.create(name="Rini", slug="rini", user=member_of("Creators"))
    PayoutAccount.objects.create(
        creator=rini, bank="BNI", account_number="999111", account_holder="Rini"
    )
    client.force_login(dewi.user)

    refused = client.post(
        "/admin/payouts/account/", {"rail": "bank_file", "bank": "BCA", "account_holder": "D"}
    )
    saved = client.post(
        "/admin/payouts/account/",
        {"rail": "bank_file", "bank": "BCA", "account_number": "12345", "account_holder": "D"},
    )

    assert refused.status_code == 400
    assert saved.status_code == 303
    assert PayoutAccount.objects.get(creator=dewi).account_number == "12345"
    assert turned_away(client.get("/admin/payouts/account/?creator=rini"))
    assert "999111" not in client.get("/admin/payouts/account/").text


def test_a_creator_reads_their_statement_and_downloads_it(client, dewi):
    order = sale(dewi)
    refund_units(order, 1)
    client.force_login(dewi.user)

    page = client.get("/admin/my-results/statement/")
    download = client.get("/admin/my-results/statement/?format=csv")

    assert page.status_code == 200
    assert "Taken back by a refund" in page.text
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert [(row["entry"], row["commission"], row["state"]) for row in rows] == [
        ("Taken back by a refund", "-50000.00", "Pending"),
        ("Earned on a paid order", "100000.00", "Pending"),
    ]
    assert order.reference in download.text
    assert "reader@example.com" not in download.text


@pytest.mark.parametrize("month", ["2026-13", "26-01", "x", "1999-12"])
def test_a_bad_statement_month_is_a_400(client, dewi, month):
    client.force_login(dewi.user)

    assert client.get("/admin/my-results/statement/", {"month": month}).status_code == 400


def test_a_creator_cannot_read_anothers_statement(client, dewi):
    CreatorProfile.objects.create(name="Rini", slug="rini")
    client.force_login(dewi.user)

    assert turned_away(client.get("/admin/my-results/statement/?creator=rini"))


# PostgreSQL: two runs at once ---------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_pay_once(wagtail_tree):
    creator = CreatorProfile.objects.create(name="Dewi", slug="dewi", commission_rate="0.100")
    PayoutAccount.objects.create(
        creator=creator, bank="BCA", account_number="1", account_holder="Dewi"
    )
    sale(creator)
    later = timezone.now() + LATER
    barrier = threading.Barrier(2)
    made: list[int] = []

    def run() -> None:
        barrier.wait()
        try:
            made.extend(payout.pk for payout in run_payouts(now=later).made)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(made) == 1
    assert Payout.objects.count() == 1
    assert balance(creator, later).in_payout == Decimal("100000.00")


def test_a_creator_sets_up_stripe_connect_through_stripes_onboarding(client, stripe_api, dewi):
    dewi.user.email = "dewi@example.com"
    dewi.user.save()
    client.force_login(dewi.user)
    client.post("/admin/payouts/account/", {"action": "stripe_onboarding"})
    assert stripe_api.accounts() == []  # no country yet: nothing is opened at Stripe
    client.post("/admin/payouts/account/", {"rail": "stripe_connect", "country": "my"})

    response = client.post("/admin/payouts/account/", {"action": "stripe_onboarding"})

    account = PayoutAccount.objects.get(creator=dewi)
    assert account.rail == PayoutAccount.Rail.STRIPE_CONNECT
    [opened] = stripe_api.accounts()
    assert (opened["id"], opened["country"]) == (account.stripe_account_id, "MY")
    assert response.status_code == 303
    assert response["Location"].startswith("http")
    assert "not finished" in client.get("/admin/payouts/account/").text

    stripe_api.complete_onboarding(account.stripe_account_id)
    client.post("/admin/payouts/account/", {"action": "stripe_onboarding"})  # no second account

    assert len(stripe_api.accounts()) == 1
    assert "ready to receive payouts" in client.get("/admin/payouts/account/").text


def test_a_country_stripe_refuses_is_said_and_opens_nothing(client, stripe_api, dewi):
    PayoutAccount.objects.create(creator=dewi, rail=PayoutAccount.Rail.STRIPE_CONNECT, country="1X")
    client.force_login(dewi.user)

    response = client.post("/admin/payouts/account/", {"action": "stripe_onboarding"}, follow=True)

    assert "Stripe refused" in response.text
    assert stripe_api.accounts() == []
    assert PayoutAccount.objects.get(creator=dewi).stripe_account_id == ""
