"""Xendit as a payout rail: rupiah to creators' Indonesian bank accounts and e-wallets
(`xendit_gateway` is the only module that talks to Xendit).

Xendit keeps a payout's idempotency key without expiry, and the gateway looks the payout up by
its reference before sending again, so a reference is paid once however often it is sent.
Xendit pays whole rupiah: an amount with cents is refused, never rounded.
"""

import logging

from commerce.catalogue.exceptions import MoneyError
from commerce.shop.exceptions import PaymentProviderRefused
from commerce.shop.payments import xendit_gateway
from commerce.shop.payments.xendit_conf import xendit_enabled
from commerce.shop.payments.xendit_types import XenditPayout, XenditPayoutRequest
from commerce.shop.payouts.contract import (
    PayoutRequest,
    RailPayout,
    XenditDestination,
    destination_for,
)

logger = logging.getLogger(__name__)

CURRENCY = "IDR"


def _rail_payout(payout: XenditPayout) -> RailPayout:
    return RailPayout(payout.id, payout.status, payout.failure)


class XenditPayoutRail:
    """Payouts to Indonesian bank accounts and e-wallets through Xendit."""

    name = xendit_gateway.PAYOUT_RAIL
    label = "Xendit (Indonesian bank or e-wallet)"

    def is_enabled(self) -> bool:
        return xendit_enabled()

    def send(self, request: PayoutRequest) -> RailPayout:
        destination = destination_for(request, XenditDestination, self.label)
        if request.currency != CURRENCY:
            raise PaymentProviderRefused(
                f"Xendit pays out in {CURRENCY} here; payout {request.reference} is in "
                f"{request.currency}."
            )
        instruction = XenditPayoutRequest(
            reference=request.reference,
            amount=request.amount,
            channel_code=destination.channel_code,
            account_number=destination.account_number,
            account_holder_name=destination.account_holder_name,
            description=request.description,
        )
        try:
            payout = xendit_gateway.create_payout(instruction)
        except MoneyError as error:
            raise PaymentProviderRefused(str(error)) from error
        logger.info("Payout %s through %s: %s", request.reference, self.name, payout.status)
        return _rail_payout(payout)

    def state(self, request: PayoutRequest, provider_id: str) -> RailPayout:
        if provider_id:
            return _rail_payout(xendit_gateway.retrieve_payout(provider_id))
        payout = xendit_gateway.find_payout(request.reference)
        if payout is None:
            raise PaymentProviderRefused(f"Xendit has no payout for {request.reference}.")
        return _rail_payout(payout)
