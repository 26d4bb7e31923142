"""What the shop and Xendit exchange, in the shop's words: requests, invoices, refunds, payouts
and callbacks as frozen dataclasses, with the shop's own states (a payout's is the payment
contract's `PayoutState`). Xendit's vocabulary (PENDING, SETTLED, REQUESTED_BY_CUSTOMER,
ACCEPTED, ...) stays in `xendit_json` and `xendit_gateway`.

Amounts are `Decimal` rupiah; the gateway turns them into Xendit's whole-rupiah integers.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from commerce.shop.payments.contract import PayoutState


class InvoiceState(StrEnum):
    """An invoice's state (Xendit's SETTLED, paid and credited to the balance, is paid too)."""

    PENDING = "pending"
    PAID = "paid"
    EXPIRED = "expired"


class RefundState(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # Xendit's CANCELLED too: no money went back


class RefundReason(StrEnum):
    CUSTOMER_REQUEST = "customer_request"
    CANCELLATION = "cancellation"
    DUPLICATE = "duplicate"
    FRAUD = "fraud"
    OTHER = "other"


@dataclass(frozen=True)
class InvoiceItem:
    """One line as Xendit's hosted page lists it, priced by the shop."""

    name: str
    quantity: int
    price: Decimal


@dataclass(frozen=True)
class InvoiceRequest:
    """What the shop asks Xendit to collect for one order (`order_reference` is Xendit's
    external_id). Xendit invoices here are in IDR only; `expires_at` is the stock hold's end."""

    order_reference: str
    amount: Decimal
    currency: str
    description: str
    expires_at: datetime
    success_redirect_url: str
    failure_redirect_url: str
    items: tuple[InvoiceItem, ...] = ()
    payer_email: str = ""
    # Xendit's channel codes, e.g. ("QRIS", "OVO", "DANA", "SHOPEEPAY", "BCA", "ALFAMART");
    # empty: every channel the Xendit account has switched on.
    payment_methods: tuple[str, ...] = ()


@dataclass(frozen=True)
class Invoice:
    """The parts of a Xendit invoice the shop acts on."""

    id: str
    external_id: str
    status: InvoiceState
    amount: Decimal
    currency: str
    invoice_url: str = ""  # the hosted page the reader pays on
    expiry_date: datetime | None = None
    paid_amount: Decimal | None = None
    paid_at: datetime | None = None
    payer_email: str = ""
    # How it was paid, as Xendit names it, for the order's record and the staff: the method
    # (e.g. "QRIS", "EWALLET", "BANK_TRANSFER") and the channel (e.g. "QRIS", "OVO", "BCA").
    payment_method: str = ""
    payment_channel: str = ""

    @property
    def is_paid(self) -> bool:
        return self.status is InvoiceState.PAID


@dataclass(frozen=True)
class XenditRefund:
    """A refund as Xendit recorded it; `reference` is the shop's refund reference."""

    id: str
    status: RefundState
    amount: Decimal
    failure_code: str = ""
    invoice_id: str = ""
    reference: str = ""


@dataclass(frozen=True)
class InvoiceCallback:
    """What an invoice callback claims: only a pointer to the invoice, which the shop re-reads
    from the API before any state change (the callback token is no signature of the body)."""

    invoice_id: str
    external_id: str
    status: InvoiceState


@dataclass(frozen=True)
class XenditPayoutRequest:
    """Money the shop sends to a creator's bank account or e-wallet, in rupiah.

    `channel_code` is Xendit's (e.g. "ID_BCA", "ID_MANDIRI", "ID_OVO", "ID_DANA");
    `account_number` is the bank account's number or the e-wallet's phone number. Both, and the
    holder's name, are personal data: never logged.
    """

    reference: str
    amount: Decimal
    channel_code: str
    account_number: str
    account_holder_name: str
    description: str

    def __repr__(self) -> str:  # personal data stays out of logs and tracebacks
        return f"XenditPayoutRequest(reference={self.reference!r}, ...)"


@dataclass(frozen=True)
class XenditPayout:
    """A payout as Xendit recorded it; `reference` is the shop's payout reference and
    `failure` why it failed, in the shop's words."""

    id: str
    reference: str
    status: PayoutState
    amount: Decimal
    failure: str = ""


@dataclass(frozen=True)
class PayoutCallback:
    """What a payout callback claims: only a pointer to the payout, which the shop re-reads
    from the API (the callback token is no signature of the body)."""

    payout_id: str
    reference: str
    status: PayoutState
