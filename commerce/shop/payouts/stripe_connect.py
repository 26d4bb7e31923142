"""Stripe Connect as a payout rail: transfers from the shop's Stripe balance to the creator's
Express account (`stripe_gateway` is the only module that talks to Stripe).

Stripe forgets idempotency keys after 24 hours, and a payout may be sent again days later (a
payout run retried after an outage), so `send` first looks for the transfer made for the
reference and only then creates one (keyed by the reference, for the retry within seconds).
"""

import logging

from commerce.catalogue.exceptions import MoneyError
from commerce.catalogue.money import to_minor_units
from commerce.shop.conf import stripe_enabled
from commerce.shop.exceptions import PaymentProviderRefused
from commerce.shop.payments import stripe_gateway
from commerce.shop.payouts.contract import (
    PayoutRequest,
    PayoutUpdate,
    RailPayout,
    StripeDestination,
    destination_for,
)

logger = logging.getLogger(__name__)


def _rail_payout(update: PayoutUpdate) -> RailPayout:
    return RailPayout(update.provider_id, update.state, update.failure)


class StripeConnectRail:
    """Transfers to creators' Stripe Connect Express accounts."""

    name = stripe_gateway.PAYOUT_RAIL
    label = "Stripe Connect"

    def is_enabled(self) -> bool:
        return stripe_enabled()

    def send(self, request: PayoutRequest) -> RailPayout:
        account = destination_for(request, StripeDestination, self.label).account_id
        try:
            amount = to_minor_units(request.amount, request.currency)
        except MoneyError as error:
            raise PaymentProviderRefused(str(error)) from error
        transfer = stripe_gateway.find_transfer(request.reference)
        if transfer is None:
            transfer = stripe_gateway.create_transfer(
                request.reference, amount, request.currency, account, request.description
            )
        logger.info("Payout %s through %s: %s", request.reference, self.name, transfer.state)
        return _rail_payout(transfer)

    def state(self, request: PayoutRequest, provider_id: str) -> RailPayout:
        if provider_id:
            return _rail_payout(stripe_gateway.retrieve_transfer(provider_id))
        transfer = stripe_gateway.find_transfer(request.reference)
        if transfer is None:
            raise PaymentProviderRefused(f"Stripe has no transfer for payout {request.reference}.")
        return _rail_payout(transfer)
