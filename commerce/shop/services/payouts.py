"""Payout runs: each creator's payable balance, at or above STORYSHOP_PAYOUT_MINIMUM, becomes
one `Payout` holding its ledger entries, sent through the rail of the creator's payout account.

A run is safe to repeat and to run twice at once: a payout is made under the creator's row lock
from the entries no payout holds (a unique constraint backs it), and it is sent with its own
reference, which every rail keeps idempotent. Sending happens after the payout is committed: a
rail that cannot be reached leaves it processing, and the next run sends it again with the same
reference. A rail that refuses fails it and releases its entries (payable again). A negative
entry (a refund after an earlier payout) is in the next payout and lowers it: a clawback.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from wagtail.log_actions import log

from commerce.shop.conf import creator_money
from commerce.shop.exceptions import (
    CommerceError,
    PaymentProviderRefused,
    PaymentProviderUnavailable,
)
from commerce.shop.models import Payout, PayoutAccount, PayoutItem
from commerce.shop.models.orders import new_reference
from commerce.shop.payments.contract import PayoutState, PayoutUpdate
from commerce.shop.payouts.bank_file import BankTransferRow, bank_transfer_row
from commerce.shop.payouts.contract import (
    BankDestination,
    Destination,
    PayoutRequest,
    RailPayout,
    StripeDestination,
    XenditDestination,
)
from commerce.shop.payouts.registry import rail_named
from commerce.shop.services.ledger import unpaid_entries
from storyshop.creators.models import CreatorProfile

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")


@dataclass
class PayoutRun:
    """What one run did: the payouts it made, and the creators it passed over and why."""

    made: list[Payout] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def destination(account: PayoutAccount) -> Destination:
    """The rail's destination for `account`."""
    if account.rail == PayoutAccount.Rail.STRIPE_CONNECT:
        return StripeDestination(account.stripe_account_id)
    if account.rail == PayoutAccount.Rail.XENDIT:
        return XenditDestination(
            account.channel_code, account.account_number, account.account_holder
        )
    return BankDestination(account.account_holder, account.bank, account.account_number)


def _request(payout: Payout, account: PayoutAccount) -> PayoutRequest:
    return PayoutRequest(
        reference=payout.reference,
        amount=payout.amount,
        currency=payout.currency,
        destination=destination(account),
        description=f"Storyshop commission {payout.reference}",
    )


def _payout_minimum() -> Decimal:
    """The smallest payout: the setting, and never less than a cent (nothing is paid for 0)."""
    return max(creator_money().payout_minimum, CENT)


def creators_due(now: datetime | None = None) -> list[int]:
    """Ids of creators whose payable balance is at least the payout minimum (one query)."""
    now = now or timezone.now()
    rows = (
        unpaid_entries()
        .filter(available_at__lte=now)
        .values("creator_id")
        .annotate(total=Sum("amount"))
        .filter(total__gte=_payout_minimum())
        .order_by("creator_id")
    )
    return [row["creator_id"] for row in rows]


def _make_payout(creator_id: int, now: datetime, actor: Any) -> Payout | str:
    """The payout of the creator's payable entries, or why there is none. Holds the creator's
    row lock, so a concurrent run waits, then finds the entries taken."""
    with transaction.atomic():
        creator = CreatorProfile.objects.select_for_update().get(pk=creator_id)
        account = PayoutAccount.objects.filter(creator=creator).first()
        if account is None:
            return "no payout account"
        rail = rail_named(account.rail)
        if not rail.is_enabled():
            return f"{rail.label} is not configured"
        entries = list(unpaid_entries().filter(creator_id=creator_id, available_at__lte=now))
        gross = sum((entry.amount for entry in entries), Decimal(0))
        if gross < _payout_minimum():
            return "below the payout minimum"
        withheld = (gross * creator_money().withholding_rate).quantize(CENT, ROUND_DOWN)
        payout = Payout.objects.create(
            reference=new_reference("PO"),
            creator=creator,
            rail=account.rail,
            gross=gross,
            withheld=withheld,
            amount=gross - withheld,
            currency=entries[0].currency,
            created_by=actor,
        )
        PayoutItem.objects.bulk_create(PayoutItem(payout=payout, entry=e) for e in entries)
        log(payout, "storyshop.payout.create", user=actor, data={"entries": len(entries)})
        return payout


def run_payouts(actor: Any = None, now: datetime | None = None) -> PayoutRun:
    """Make and send the payouts due now; then send again those an earlier run left
    unanswered. `actor` is the staff user (None for the command)."""
    now = now or timezone.now()
    run = PayoutRun()
    for creator_id in creators_due(now):
        made = _make_payout(creator_id, now, actor)
        if isinstance(made, str):
            run.skipped[str(creator_id)] = made
        else:
            run.made.append(made)
    for payout in run.made:
        send(payout, actor)
    # Sent before without an answer (the bank file never has one: staff confirm those).
    unanswered = Payout.objects.filter(status=Payout.Status.PROCESSING, provider_id="").exclude(
        rail=PayoutAccount.Rail.BANK_FILE
    )
    for payout in unanswered.exclude(pk__in=[payout.pk for payout in run.made]):
        send(payout, actor)
    return run


def send(payout: Payout, actor: Any = None) -> None:
    """Send `payout` through its rail (again: the rail finds what its reference already made)."""
    account = PayoutAccount.objects.filter(creator_id=payout.creator_id).first()
    if account is None or account.rail != payout.rail:
        _fail(payout, "The creator's payout account changed; the payout was not sent.", actor)
        return
    try:
        sent = rail_named(payout.rail).send(_request(payout, account))
    except PaymentProviderRefused as error:
        _fail(payout, str(error), actor)
        return
    except PaymentProviderUnavailable:
        logger.warning("Payout %s: its rail did not answer; the next run sends it again.", payout)
        return
    apply_update(payout, sent, actor)


def apply_update(payout: Payout, update: RailPayout, actor: Any = None) -> None:
    """Bring `payout` in line with what its rail reports; repeating it changes nothing."""
    with transaction.atomic():
        payout = Payout.objects.select_for_update().get(pk=payout.pk)
        if update.provider_id and not payout.provider_id:
            payout.provider_id = update.provider_id
            payout.save(update_fields=["provider_id"])
        if update.state == PayoutState.PAID and payout.status == Payout.Status.PROCESSING:
            payout.status = Payout.Status.PAID
            payout.paid_at = timezone.now()
            payout.save(update_fields=["status", "paid_at"])
            log(payout, "storyshop.payout.paid", user=actor)
        elif update.state == PayoutState.FAILED and payout.status != Payout.Status.FAILED:
            _fail(payout, update.failure or "The rail reported it failed.", actor)
        elif update.state == PayoutState.REVERSED and payout.status == Payout.Status.PAID:
            # The money came back: the entries are owed again, as if the payout had failed.
            _fail(payout, update.failure or "The transfer was reversed.", actor)


def _fail(payout: Payout, reason: str, actor: Any) -> None:
    with transaction.atomic():
        payout = Payout.objects.select_for_update().get(pk=payout.pk)
        if payout.status == Payout.Status.FAILED:
            return
        payout.status = Payout.Status.FAILED
        payout.failure = reason[:255]
        payout.save(update_fields=["status", "failure"])
        payout.items.update(released=True)
        log(payout, "storyshop.payout.failed", user=actor, data={"reason": payout.failure})


def mark_paid_by_hand(payouts: Iterable[Payout], actor: Any) -> int:
    """Staff paid these bank-file payouts in their bank: mark them paid (others untouched)."""
    count = 0
    for payout in payouts:
        if payout.awaits_bank_transfer:
            apply_update(payout, RailPayout("", PayoutState.PAID), actor)
            count += 1
    return count


def record_payout_update(update: PayoutUpdate) -> None:
    """A rail's notification about a payout (Stripe's transfer events, Xendit's callbacks).

    Raises:
        CommerceError: for a payout the shop did not make.
    """
    payout = Payout.objects.filter(reference=update.reference, rail=update.rail).first()
    if payout is None:
        raise CommerceError(f"No payout {update.reference} on {update.rail}.")
    apply_update(payout, RailPayout(update.provider_id, update.state, update.failure))


def bank_file_rows() -> list[BankTransferRow]:
    """The bank-transfer file's rows: the bank-file payouts staff have not marked paid."""
    awaiting = Payout.objects.filter(
        rail=PayoutAccount.Rail.BANK_FILE, status=Payout.Status.PROCESSING
    ).select_related("creator__payout_account")
    return [
        bank_transfer_row(_request(payout, payout.creator.payout_account), payout.creator.name)
        for payout in awaiting
    ]
