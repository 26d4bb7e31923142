"""The one contract every payout rail keeps, in the shop's own words.

A rail moves one payout to one creator: Stripe Connect transfers to an Express account, Xendit
pays an Indonesian bank account or e-wallet, or staff pay by hand from a bank-transfer file.
Each is idempotent by the shop's payout reference: sending the same reference again returns the
payout already made, never a second one. `PaymentProviderUnavailable` means the outcome is
unknown (send again later, with the same reference); `PaymentProviderRefused` means nothing was
sent. Amounts are Decimal in the shop's currency; each rail converts them at its provider's
boundary. Account numbers and holders' names are personal data: rails log references and
states only.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from commerce.shop.exceptions import PaymentProviderRefused
from commerce.shop.payments.contract import PayoutState, PayoutUpdate

__all__ = [
    "BankDestination",
    "Destination",
    "PayoutRail",
    "PayoutRequest",
    "PayoutState",
    "PayoutUpdate",
    "RailPayout",
    "StripeDestination",
    "XenditDestination",
    "destination_for",
]

MAX_REFERENCE_LENGTH = 100
CURRENCY_CODE = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class StripeDestination:
    """A creator's Stripe Connect Express account ("acct_...")."""

    account_id: str


@dataclass(frozen=True)
class XenditDestination:
    """A creator's Indonesian bank account or e-wallet, by Xendit's channel code (e.g.
    "ID_BCA", "ID_MANDIRI", "ID_OVO", "ID_DANA"); an e-wallet's number is its phone number."""

    channel_code: str
    account_number: str
    account_holder_name: str

    def __repr__(self) -> str:  # personal data stays out of logs and tracebacks
        return f"XenditDestination(channel_code={self.channel_code!r}, ...)"


@dataclass(frozen=True)
class BankDestination:
    """A creator's bank account, paid by hand by staff from the bank-transfer file."""

    account_holder: str
    bank: str
    account_number: str

    def __repr__(self) -> str:  # personal data stays out of logs and tracebacks
        return f"BankDestination(bank={self.bank!r}, ...)"


type Destination = StripeDestination | XenditDestination | BankDestination


@dataclass(frozen=True)
class PayoutRequest:
    """One payout to one creator: `reference` is the shop's, unique per payout, and makes
    sending it again safe; `amount` is in `currency` (upper case), more than zero.

    Raises:
        ValueError: for an empty or overlong reference, a currency that is no code, or an
            amount that is not more than zero (a bug of the caller).
    """

    reference: str
    amount: Decimal
    currency: str
    destination: Destination
    description: str

    def __post_init__(self) -> None:
        if not 0 < len(self.reference) <= MAX_REFERENCE_LENGTH:
            raise ValueError(f"A payout reference has 1 to {MAX_REFERENCE_LENGTH} characters.")
        if not CURRENCY_CODE.fullmatch(self.currency):
            raise ValueError(f"{self.currency!r} is not an upper-case currency code.")
        amount = Decimal(self.amount)
        if not amount.is_finite() or amount <= 0:
            raise ValueError(f"Payout {self.reference} must be of more than zero.")


@dataclass(frozen=True)
class RailPayout:
    """A payout as its rail reports it: the provider's id (empty for the bank file), its state
    and, when it failed, why in words staff can act on."""

    provider_id: str
    state: PayoutState
    failure: str = ""


def destination_for[Kind](request: PayoutRequest, kind: type[Kind], rail_label: str) -> Kind:
    """The request's destination, when it is one `rail_label` pays to.

    Raises:
        PaymentProviderRefused: for a destination of another rail (nothing is sent).
    """
    if not isinstance(request.destination, kind):
        raise PaymentProviderRefused(
            f"{rail_label} cannot send payout {request.reference}: its destination is another "
            "rail's."
        )
    return request.destination


class PayoutRail(Protocol):
    """What the shop asks of every payout rail (see the module docstring)."""

    name: str
    label: str

    def is_enabled(self) -> bool:
        """True when its settings are complete and valid."""
        ...

    def send(self, request: PayoutRequest) -> RailPayout:
        """Send the payout; the same reference returns the payout already made.

        Raises:
            PaymentProviderRefused: when nothing was sent (a destination of another rail, an
                amount the provider cannot take, the provider said no).
            PaymentProviderUnavailable: when the outcome is unknown: send it again later.
        """
        ...

    def state(self, request: PayoutRequest, provider_id: str) -> RailPayout:
        """The payout's state now (`provider_id` may be empty when `send` never answered).

        Raises:
            PaymentProviderRefused: when the provider has no such payout (send it again).
            PaymentProviderUnavailable: when the provider cannot be asked now.
        """
        ...
