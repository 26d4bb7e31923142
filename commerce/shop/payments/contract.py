"""The one contract every payment provider keeps, in the shop's own words.

A provider hosts the page where the reader pays (Stripe Checkout, a Xendit invoice, the demo
page), tells the shop what happened to it in a notification the provider's module verifies,
answers questions about a checkout or a refund, and refunds. Its own vocabulary (Stripe's
"complete", Xendit's "SETTLED") never leaves its module: what comes out is a `CheckoutState` or
a `RefundState`. Amounts cross in the currency's integer minor units
(`commerce.catalogue.money.to_minor_units`).

Payouts to creators (`commerce.shop.payouts`) go the other way; their state (`PayoutState`) and
what a provider's notification says about one (`PayoutUpdate`) are defined here too, so that a
notification can carry them without this module importing the payouts package.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol


class CheckoutState(StrEnum):
    """Where a hosted checkout is, for the shop."""

    OPEN = "open"  # the reader may still pay
    PAID = "paid"  # the money arrived
    PROCESSING = "processing"  # completed; the money is on its way (e.g. a bank transfer)
    FAILED = "failed"  # the payment failed (e.g. a delayed payment bounced)
    EXPIRED = "expired"  # it ended unpaid


class RefundState(StrEnum):
    """Where a refund is, for the shop."""

    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class PayoutState(StrEnum):
    """Where a payout to a creator is, for the shop."""

    PROCESSING = "processing"  # sent; the money is on its way (or staff pay it by hand)
    PAID = "paid"  # the money reached the creator's account
    FAILED = "failed"  # nothing reached the creator (refused, cancelled, bounced)
    REVERSED = "reversed"  # it arrived, then (some of) it was taken back


@dataclass(frozen=True)
class PayoutUpdate:
    """A payout as its rail reports it: `reference` is the shop's payout reference,
    `provider_id` the provider's transfer or payout id, `failure` why it failed, in words."""

    rail: str
    reference: str
    provider_id: str
    state: PayoutState
    failure: str = ""


@dataclass(frozen=True)
class CheckoutLine:
    """One line of what the reader pays for, priced by the server."""

    name: str
    sku: str
    unit_amount: int  # minor units
    quantity: int


@dataclass(frozen=True)
class CheckoutRequest:
    """A hosted checkout for one order."""

    order_reference: str
    currency: str
    lines: tuple[CheckoutLine, ...]
    success_url: str  # the provider appends nothing: the shop's own reference is in it
    cancel_url: str
    expires_at: datetime
    idempotency_key: str
    email: str = ""

    @property
    def amount(self) -> int:
        """The total in minor units."""
        return sum(line.unit_amount * line.quantity for line in self.lines)


@dataclass(frozen=True)
class ProviderCheckout:
    """A hosted checkout as its provider reports it."""

    provider: str
    id: str
    order_reference: str
    state: CheckoutState
    amount: int | None  # minor units, as the provider reports it
    currency: str
    url: str = ""  # where the reader pays, while it is open
    payment_id: str = ""  # the provider's payment (refunds name it)
    email: str = ""
    method: str = ""  # how the reader paid, e.g. "card", "QRIS", "OVO"
    expires_at: datetime | None = None


@dataclass(frozen=True)
class ProviderRefund:
    """A refund as its provider reports it."""

    provider: str
    id: str
    state: RefundState
    amount: int  # minor units
    currency: str
    payment_id: str = ""
    request_key: str = ""  # the shop's refund request it was made for, when the provider says


@dataclass(frozen=True)
class RefundedTotal:
    """How much of a payment its provider says was refunded in all (the shop's refunds and
    those made in the provider's dashboard)."""

    provider: str
    payment_id: str
    amount_refunded: int  # minor units
    currency: str


@dataclass(frozen=True)
class Notification:
    """A provider's verified notification: its id (stored once) and what it is about, if it is
    about something the shop acts on."""

    provider: str
    id: str
    kind: str
    object_id: str = ""
    checkout: ProviderCheckout | None = None
    refund: ProviderRefund | None = None
    refunded_total: RefundedTotal | None = None
    payout: PayoutUpdate | None = None

    @property
    def is_actionable(self) -> bool:
        return any((self.checkout, self.refund, self.refunded_total, self.payout))


@dataclass(frozen=True)
class PaymentChoice:
    """A provider as the reader chooses it at checkout."""

    provider: str
    label: str  # e.g. "QRIS, e-wallets and bank transfer"
    methods: tuple[str, ...] = field(default_factory=tuple)  # e.g. ("QRIS", "GoPay", "OVO")


class PaymentProvider(Protocol):
    """What the shop asks of every payment provider (see the module docstring)."""

    name: str

    def is_enabled(self) -> bool:
        """True when its settings are complete and valid."""
        ...

    def choice(self) -> PaymentChoice:
        """How the reader sees it at checkout."""
        ...

    def checkout_lifetime(self) -> timedelta:
        """How long its hosted checkout (and the stock it holds) lives."""
        ...

    def opening_budget_seconds(self) -> float:
        """The longest opening a checkout may take (every attempt timing out, with retries)."""
        ...

    def start_checkout(self, request: CheckoutRequest) -> ProviderCheckout:
        """Open the hosted checkout; the same request (idempotency key) opens the same one."""
        ...

    def get_checkout(self, checkout_id: str) -> ProviderCheckout:
        """The checkout's state now (a processing payment's outcome included)."""
        ...

    def expire_checkout(self, checkout_id: str) -> ProviderCheckout:
        """Close an open checkout so it can no longer be paid."""
        ...

    def recent_checkouts(self, created_since: datetime) -> Iterator[ProviderCheckout]:
        """Every checkout opened since then (for the reconcile command)."""
        ...

    def read_notification(self, body: bytes, headers: Mapping[str, str]) -> Notification:
        """Verify a notification and read what it is about (re-reading from the provider's API
        whatever the notification alone cannot prove).

        Raises:
            InvalidWebhook: when it does not verify or cannot be read.
        """
        ...

    def create_refund(
        self, payment_id: str, amount: int, currency: str, request_key: str, order_reference: str
    ) -> ProviderRefund:
        """Refund `amount` (minor units) of a payment; the same request key refunds once."""
        ...

    def find_refund(self, payment_id: str, request_key: str) -> ProviderRefund | None:
        """The refund made for a request of the shop, if the provider made one."""
        ...

    def get_refund(self, refund_id: str) -> ProviderRefund:
        """A refund's state now."""
        ...

    def refunded_total(self, payment_id: str) -> RefundedTotal | None:
        """How much of a payment was refunded in all, or None when the provider cannot say."""
        ...
