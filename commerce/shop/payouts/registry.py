"""The shop's payout rails: the one place that names them; nothing looks a rail up any other
way."""

from commerce.shop.exceptions import PaymentsNotConfigured
from commerce.shop.payouts.bank_file import BankFileRail
from commerce.shop.payouts.contract import PayoutRail
from commerce.shop.payouts.stripe_connect import StripeConnectRail
from commerce.shop.payouts.xendit_payouts import XenditPayoutRail

# Offered in this order: Indonesia's own banks and e-wallets first; the file always works.
RAILS: dict[str, PayoutRail] = {
    rail.name: rail for rail in (XenditPayoutRail(), StripeConnectRail(), BankFileRail())
}


def rail_named(name: str) -> PayoutRail:
    """The rail called `name`.

    Raises:
        PaymentsNotConfigured: for a name the shop does not know.
    """
    try:
        return RAILS[name]
    except KeyError:
        raise PaymentsNotConfigured(f"The shop has no payout rail {name!r}.") from None


def enabled_rails() -> list[PayoutRail]:
    """The rails payouts may go through now (their settings complete and valid)."""
    return [rail for rail in RAILS.values() if rail.is_enabled()]
