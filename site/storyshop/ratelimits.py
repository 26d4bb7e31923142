"""Per-client rate limits: how often one client may search, change its cart, start a checkout
or have the shop ask Stripe about one, counted in Django's cache (Redis in production, so every
app server shares the counts).

A client is its address range: one IPv4 address, or an IPv6 /64. IPv4 addresses are scarce, so
one address is already what a subscriber gets, and a mobile network (carrier-grade NAT) puts
hundreds of readers behind it: counting a whole /24 as one client would let one busy neighbour
lock out a town, while an attacker with a /24 of its own is rare and costly. An IPv6 subscriber
gets at least a /64 and can take any of its 2^64 addresses, so the /64 is the smallest unit one
client cannot rotate out of.

The client is read from REMOTE_ADDR and from nothing else: behind a reverse proxy or a load
balancer, the server must already have put the reader's address there (e.g. gunicorn's
`--forwarded-allow-ips` with the proxy's address, or the proxy's PROXY protocol); a header the
client sends, such as X-Forwarded-For, is never trusted here. Counts are kept under a keyed hash
of the range (`client_key`), never the address itself.

Windows are fixed: a client's first request opens one, and at most the allowance is served in
it; a refused request is told when it closes (`Retry-After`). The allowances are settings
(`STORYSHOP_*_LIMIT`), all multiplied by STORYSHOP_RATE_LIMIT_SCALE, with defaults a real reader
never reaches; `configuration_problems()` reports bad values to the system checks.
"""

import ipaddress
import logging
import math
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

IPV4_PREFIX = 32
IPV6_PREFIX = 64
UNKNOWN_CLIENT = "unknown"
MAX_ALLOWANCE = 100_000
MAX_SCALE = Decimal(10_000)


@dataclass(frozen=True)
class RateLimit:
    """At most the allowance in `setting` requests per `window` from one client."""

    scope: str
    setting: str
    window: timedelta


SEARCH = RateLimit("search", "STORYSHOP_SEARCH_LIMIT", timedelta(minutes=1))
SUGGEST = RateLimit("suggest", "STORYSHOP_SUGGEST_LIMIT", timedelta(minutes=1))
CART = RateLimit("cart", "STORYSHOP_CART_LIMIT", timedelta(minutes=1))
# Each checkout start holds stock (the shop also bounds what one client holds: see
# commerce.shop.services.holds); the window keeps the setting's meaning of old.
CHECKOUT_START = RateLimit("checkout", "STORYSHOP_CHECKOUT_LIMIT", timedelta(minutes=10))
# The success page asks Stripe about an open checkout; beyond this it shows what it knows.
CHECKOUT_LOOKUP = RateLimit(
    "checkout-lookup", "STORYSHOP_CHECKOUT_LOOKUP_LIMIT", timedelta(minutes=1)
)
LIMITS = (SEARCH, SUGGEST, CART, CHECKOUT_START, CHECKOUT_LOOKUP)


@dataclass(frozen=True)
class Verdict:
    """Whether a request is within its client's allowance, and if not, when to come back."""

    allowed: bool
    retry_after: int = 0


def client_range(request: HttpRequest) -> str:
    """The request's client as a network: "203.0.113.7/32", "2001:db8:1:2::/64" ("unknown"
    when REMOTE_ADDR is not an address)."""
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return UNKNOWN_CLIENT
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if isinstance(address, ipaddress.IPv4Address):
        return str(ipaddress.IPv4Network((int(address), IPV4_PREFIX)))
    return str(ipaddress.IPv6Network((int(address), IPV6_PREFIX), strict=False))


def client_key(request: HttpRequest) -> str:
    """A keyed hash (HMAC with SECRET_KEY) of the request's address range: what the shop
    stores and counts instead of the address."""
    return salted_hmac(
        "storyshop.client-range", client_range(request), algorithm="sha256"
    ).hexdigest()


def count_request(limit: RateLimit, request: HttpRequest) -> Verdict:
    """Count the request against its client's allowance under `limit`."""
    return count_client(limit, client_key(request))


def count_client(limit: RateLimit, client: str) -> Verdict:
    """Count one request of `client` (a `client_key`) under `limit`.

    When the cache cannot be reached the request is allowed (and logged): a rate limit must not
    take the site down with it.
    """
    most = allowance(limit)
    window = limit.window.total_seconds()
    key = f"ratelimit:{limit.scope}:{client}"
    try:
        if cache.add(key, 0, timeout=window):
            cache.set(f"{key}:opened", time.time(), timeout=window)
        try:
            used = cache.incr(key)
        except ValueError:  # the window closed between add and incr
            cache.set(key, 1, timeout=window)
            used = 1
        if used <= most:
            return Verdict(allowed=True)
        opened = cache.get(f"{key}:opened")
    except Exception:
        logger.warning("Rate limit %s not counted: the cache failed", limit.scope, exc_info=True)
        return Verdict(allowed=True)
    left = window if opened is None else opened + window - time.time()
    return Verdict(allowed=False, retry_after=max(1, math.ceil(left)))


def allowance(limit: RateLimit) -> int:
    """How many requests one client may make per window under `limit`, scale included.

    Raises:
        ImproperlyConfigured: when the setting or the scale is invalid (the checks say which).
    """
    problems: list[str] = []
    value = _allowance(limit, problems)
    if problems:
        raise ImproperlyConfigured(" ".join(problems))
    return value


def _allowance(limit: RateLimit, problems: list[str]) -> int:
    raw = getattr(settings, limit.setting)
    try:
        base = int(str(raw).strip())
    except ValueError:
        problems.append(f"{limit.setting}={raw!r} is not a whole number.")
        return 1
    if not 1 <= base <= MAX_ALLOWANCE:
        problems.append(f"{limit.setting}={base} must be between 1 and {MAX_ALLOWANCE}.")
    return max(1, math.floor(base * _scale(problems)))


def _scale(problems: list[str]) -> Decimal:
    raw = settings.STORYSHOP_RATE_LIMIT_SCALE
    try:
        scale = Decimal(str(raw).strip())
    except InvalidOperation:
        problems.append(f"STORYSHOP_RATE_LIMIT_SCALE={raw!r} is not a number.")
        return Decimal(1)
    if not (scale.is_finite() and 0 < scale <= MAX_SCALE):
        problems.append(
            f"STORYSHOP_RATE_LIMIT_SCALE={raw!r} must be more than 0 and at most {MAX_SCALE}."
        )
        return Decimal(1)
    return scale


def configuration_problems() -> list[str]:
    """Return a sentence for each invalid rate-limit setting (empty when all are fine)."""
    problems: list[str] = []
    for limit in LIMITS:
        _allowance(limit, problems)
    return list(dict.fromkeys(problems))  # a bad scale is named once
