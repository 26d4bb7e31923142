"""Fields of Stripe's JSON, read with the types Stripe documents, or refused.

A valid signature proves who sent a webhook, not that its body is well formed: a test event
edited by hand, a replayed fixture or another API version can carry text where an amount
belongs, or an id longer than the column it is kept in. The gateway reads every field it uses
through these functions, so such a payload becomes one `MalformedStripeObject` (a webhook: 400,
which stops Stripe retrying) instead of a KeyError or a database error in the middle of a
fulfilment. Messages name the field, never its value: payloads carry buyers' personal data.
"""

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

# The shop's columns for Stripe ids and names (PaymentEvent, Order, Refund) are this long.
MAX_ID_LENGTH = 255
# An e-mail address is at most this long (RFC 5321; the Order's EmailField).
MAX_EMAIL_LENGTH = 254
# Far longer than any Checkout Session's URL; the shop redirects to it and never stores it.
MAX_URL_LENGTH = 8192
CURRENCY_CODE = re.compile(r"[A-Za-z]{3}")
# Amounts in minor units: never negative, and at most 12 digits (the shop keeps money in
# DecimalField(max_digits=14, decimal_places=2); Stripe's own limit is lower).
MAX_AMOUNT = 10**12 - 1


class MalformedStripeObject(ValueError):
    """A Stripe object with a field missing, of another type, or too long to keep."""


def mapping(data: Mapping[str, Any], key: str, *, required: bool = False) -> Mapping[str, Any]:
    """The object (JSON object) at `key`; empty when it is null or absent and not required."""
    value = data.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping):
        raise MalformedStripeObject(f"`{key}` is not an object")
    return value


def text(
    data: Mapping[str, Any], key: str, *, required: bool = False, max_length: int = MAX_ID_LENGTH
) -> str:
    """The string at `key`; empty when it is null or absent and not required."""
    value = data.get(key)
    if value is None and not required:
        return ""
    if value is None or (required and value == ""):
        raise MalformedStripeObject(f"`{key}` is missing")
    if not isinstance(value, str):
        raise MalformedStripeObject(f"`{key}` is not text")
    if len(value) > max_length:
        raise MalformedStripeObject(f"`{key}` is longer than {max_length} characters")
    return value


def whole_number(data: Mapping[str, Any], key: str) -> int | None:
    """The integer at `key` (amounts in minor units, timestamps), or None when null or absent."""
    value = data.get(key)
    if value is None:
        return None
    # JSON true/false are Python bools, which are ints too.
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedStripeObject(f"`{key}` is not a whole number")
    return value


def amount(data: Mapping[str, Any], key: str) -> int | None:
    """The amount in minor units at `key`, or None when null or absent."""
    value = whole_number(data, key)
    if value is not None and not 0 <= value <= MAX_AMOUNT:
        raise MalformedStripeObject(f"`{key}` is not an amount")
    return value


def timestamp(data: Mapping[str, Any], key: str) -> datetime | None:
    """The Unix timestamp at `key` as an aware datetime, or None when null, absent or zero."""
    seconds = whole_number(data, key)
    if not seconds:
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError) as error:
        raise MalformedStripeObject(f"`{key}` is not a time") from error


def currency(data: Mapping[str, Any], key: str = "currency") -> str:
    """The three-letter currency code at `key`, upper case; empty when null or absent."""
    code = text(data, key)
    if code and not CURRENCY_CODE.fullmatch(code):
        raise MalformedStripeObject(f"`{key}` is not a currency code")
    return code.upper()


def related_id(data: Mapping[str, Any], key: str) -> str:
    """The id of a related object, whether Stripe sent the id or the expanded object."""
    value = data.get(key)
    if not isinstance(value, Mapping):
        return text(data, key)
    try:
        return text(value, "id", required=True)
    except MalformedStripeObject as error:
        raise MalformedStripeObject(f"`{key}` has no id") from error
