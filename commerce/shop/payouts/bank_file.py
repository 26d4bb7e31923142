"""The bank-transfer file as a payout rail: no API; staff pay each row by hand in their bank's
web banking, then mark the payouts paid.

`send` only says the payout is PROCESSING (there is nothing to call, so nothing can fail or be
sent twice); `bank_transfer_csv` writes the file. Spreadsheets run a cell that starts with
= + - @ (or a tab or carriage return) as a formula, and names and descriptions come from
creators, so such cells are written with a leading apostrophe.
"""

import csv
import io
import logging
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from decimal import Decimal

from commerce.shop.payouts.contract import (
    BankDestination,
    PayoutRequest,
    PayoutState,
    RailPayout,
    destination_for,
)

logger = logging.getLogger(__name__)

RAIL = "bank_file"
HEADER = (
    "reference",
    "creator name",
    "account holder",
    "bank",
    "account number",
    "amount",
    "currency",
    "description",
)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class BankTransferRow:
    """One payout in the bank-transfer file; `amount` is in `currency`, the shop's."""

    reference: str
    creator_name: str
    account_holder: str
    bank: str
    account_number: str
    amount: Decimal
    currency: str
    description: str

    def __repr__(self) -> str:  # personal data stays out of logs and tracebacks
        return f"BankTransferRow(reference={self.reference!r}, ...)"


def bank_transfer_row(request: PayoutRequest, creator_name: str) -> BankTransferRow:
    """The file's row for a payout to a bank account.

    Raises:
        PaymentProviderRefused: when the payout goes to another rail's destination.
    """
    account = destination_for(request, BankDestination, "The bank-transfer file")
    return BankTransferRow(
        reference=request.reference,
        creator_name=creator_name,
        account_holder=account.account_holder,
        bank=account.bank,
        account_number=account.account_number,
        amount=request.amount,
        currency=request.currency,
        description=request.description,
    )


def _cell(value: object) -> str:
    text = f"{value:f}" if isinstance(value, Decimal) else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def bank_transfer_csv(rows: Sequence[BankTransferRow]) -> str:
    """The bank-transfer file: a header row, then one row per payout (amounts as plain
    decimals, e.g. 85000.00), every cell safe to open in a spreadsheet."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([_cell(value) for value in astuple(row)] for row in rows)
    return output.getvalue()


class BankFileRail:
    """Payouts staff make by hand from the bank-transfer file."""

    name = RAIL
    label = "Bank transfer (file for staff)"

    def is_enabled(self) -> bool:
        return True

    def send(self, request: PayoutRequest) -> RailPayout:
        destination_for(request, BankDestination, self.label)
        logger.info("Payout %s through %s: %s", request.reference, self.name, "processing")
        return RailPayout("", PayoutState.PROCESSING)

    def state(self, request: PayoutRequest, provider_id: str) -> RailPayout:
        # Only staff know when they paid it; they say so in the shop, not through the rail.
        return RailPayout(provider_id, PayoutState.PROCESSING)
