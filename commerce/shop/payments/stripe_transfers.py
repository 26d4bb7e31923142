"""Stripe Connect's accounts and transfers, read into the shop's payout words.

The Stripe gateway asks; this module reads what Stripe answers (and the transfer events it
signs) with `stripe_json`, so Stripe's vocabulary ("reversed", "payouts_enabled") stays on this
side of the payments package. A transfer moves money into the creator's Stripe balance at once,
so a transfer that exists is PAID; once any of it is reversed it is REVERSED (staff look at it).
"""

import re
from collections.abc import Mapping
from typing import Any

from commerce.shop.payments import stripe_json
from commerce.shop.payments.contract import PayoutState, PayoutUpdate

PAYOUT_RAIL = "stripe_connect"
# The metadata key that ties a Stripe transfer to the shop's payout reference.
PAYOUT_METADATA_KEY = "payout"
# Stripe's ids of connected accounts and transfers: nothing that changes a path.
ACCOUNT_ID_PATTERN = re.compile(r"acct_[A-Za-z0-9_]{1,250}")
TRANSFER_ID_PATTERN = re.compile(r"tr_[A-Za-z0-9_]{1,250}")


def account_id(data: Mapping[str, Any]) -> str:
    """The id of a connected account. Raises MalformedStripeObject."""
    found = stripe_json.text(data, "id", required=True)
    if not ACCOUNT_ID_PATTERN.fullmatch(found):
        raise stripe_json.MalformedStripeObject("`id` is not a connected account's id")
    return found


def account_ready(data: Mapping[str, Any]) -> bool:
    """True when the creator finished onboarding and Stripe pays out to their bank."""
    account_id(data)
    return data.get("details_submitted") is True and data.get("payouts_enabled") is True


def onboarding_url(data: Mapping[str, Any]) -> str:
    """The URL of an Account Link. Raises MalformedStripeObject."""
    url = stripe_json.text(data, "url", required=True, max_length=stripe_json.MAX_URL_LENGTH)
    if not url.startswith(("https://", "http://")):
        raise stripe_json.MalformedStripeObject("`url` is not a web address")
    return url


def _transfer_state(data: Mapping[str, Any]) -> tuple[PayoutState, str]:
    amount = stripe_json.amount(data, "amount") or 0
    reversed_amount = stripe_json.amount(data, "amount_reversed") or 0
    if data.get("reversed") is True or (amount and reversed_amount >= amount):
        return PayoutState.REVERSED, "Stripe took the transfer back in full."
    if reversed_amount:
        return PayoutState.REVERSED, "Stripe took part of the transfer back."
    return PayoutState.PAID, ""


def transfer_update(data: Mapping[str, Any]) -> PayoutUpdate:
    """Read a transfer; its reference is empty when the shop did not make it.

    Raises:
        MalformedStripeObject: when a field is missing, of another type or too long.
    """
    transfer_id = stripe_json.text(data, "id", required=True)
    if not TRANSFER_ID_PATTERN.fullmatch(transfer_id):
        raise stripe_json.MalformedStripeObject("`id` is not a transfer's id")
    metadata = stripe_json.mapping(data, "metadata")
    state, failure = _transfer_state(data)
    return PayoutUpdate(
        rail=PAYOUT_RAIL,
        reference=stripe_json.text(metadata, PAYOUT_METADATA_KEY),
        provider_id=transfer_id,
        state=state,
        failure=failure,
    )
