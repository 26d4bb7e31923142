"""The shop's payment settings, read and validated in one place.

Settings hold the raw environment values (see `STRIPE_*` in settings/base.py). `stripe_config()`
turns them into a typed, frozen `StripeConfig`; `configuration_problems()` lists what is wrong
with them, for the system checks (`commerce.checks`) and for a clear error at the point of use.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Stripe lets a Checkout Session live between 30 minutes and 24 hours, by its own clock...
MIN_CHECKOUT_EXPIRY_MINUTES = 30
MAX_CHECKOUT_EXPIRY_MINUTES = 24 * 60
# ...so sessions are kept this far inside both ends, valid however long the request takes.
CHECKOUT_EXPIRY_MARGIN = timedelta(minutes=2)
MAX_NETWORK_RETRIES = 10
MAX_TIMEOUT_SECONDS = 120
# Bounds of the STORYSHOP_MAX_* hold settings (see HoldLimits).
MAX_CHECKOUT_UNITS = 10_000
MAX_OPEN_CHECKOUTS = 10_000


@dataclass(frozen=True)
class StripeConfig:
    """Everything the Stripe gateway needs; `enabled` is False without a secret key."""

    secret_key: str
    webhook_secret: str
    publishable_key: str
    api_base: str
    max_network_retries: int
    timeout_seconds: float
    checkout_expiry_minutes: int

    @property
    def enabled(self) -> bool:
        return bool(self.secret_key)

    @property
    def checkout_lifetime(self) -> timedelta:
        """How long a Checkout Session (and the stock it holds) lives: the setting, kept
        CHECKOUT_EXPIRY_MARGIN inside Stripe's 30-minute to 24-hour window."""
        shortest = timedelta(minutes=MIN_CHECKOUT_EXPIRY_MINUTES) + CHECKOUT_EXPIRY_MARGIN
        longest = timedelta(minutes=MAX_CHECKOUT_EXPIRY_MINUTES) - CHECKOUT_EXPIRY_MARGIN
        return min(max(timedelta(minutes=self.checkout_expiry_minutes), shortest), longest)


def _as_int(name: str, minimum: int, maximum: int, problems: list[str]) -> int:
    raw = getattr(settings, name)
    try:
        value = int(str(raw).strip())
    except ValueError:
        problems.append(f"{name}={raw!r} is not a whole number.")
        return minimum
    if not minimum <= value <= maximum:
        problems.append(f"{name}={value} must be between {minimum} and {maximum}.")
    return value


def _as_seconds(name: str, problems: list[str]) -> float:
    raw = getattr(settings, name)
    try:
        value = float(str(raw).strip())
    except ValueError:
        problems.append(f"{name}={raw!r} is not a number of seconds.")
        return 1.0
    if not 0 < value <= MAX_TIMEOUT_SECONDS:
        problems.append(f"{name}={value} must be more than 0 and at most {MAX_TIMEOUT_SECONDS}.")
    return value


def _read_config() -> tuple[StripeConfig, list[str]]:
    problems: list[str] = []
    config = StripeConfig(
        secret_key=settings.STRIPE_SECRET_KEY.strip(),
        webhook_secret=settings.STRIPE_WEBHOOK_SECRET.strip(),
        publishable_key=settings.STRIPE_PUBLISHABLE_KEY.strip(),
        api_base=settings.STRIPE_API_BASE.strip().rstrip("/"),
        max_network_retries=_as_int("STRIPE_MAX_NETWORK_RETRIES", 0, MAX_NETWORK_RETRIES, problems),
        timeout_seconds=_as_seconds("STRIPE_TIMEOUT_SECONDS", problems),
        checkout_expiry_minutes=_as_int(
            "STRIPE_CHECKOUT_EXPIRY_MINUTES",
            MIN_CHECKOUT_EXPIRY_MINUTES,
            MAX_CHECKOUT_EXPIRY_MINUTES,
            problems,
        ),
    )
    problems.extend(_key_problems(config))
    return config, problems


@dataclass(frozen=True)
class HoldLimits:
    """How much stock one client (an address range, `storyshop.ratelimits.client_key`) may hold
    in unpaid checkouts, whatever sessions it rotates (`commerce.shop.services.holds`)."""

    checkout_units: int
    open_checkouts: int
    # Of a variant's sellable stock (what is left plus what the client holds), rounded up.
    share: Decimal


def _as_share(name: str, problems: list[str]) -> Decimal:
    raw = getattr(settings, name)
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        problems.append(f"{name}={raw!r} is not a number (a share such as 0.25).")
        return Decimal(1)
    if not (value.is_finite() and 0 < value <= 1):
        problems.append(f"{name}={raw!r} must be more than 0 and at most 1 (a share, 0.25 = 25%).")
        return Decimal(1)
    return value


def _read_hold_limits(problems: list[str]) -> HoldLimits:
    return HoldLimits(
        checkout_units=_as_int("STORYSHOP_MAX_CHECKOUT_UNITS", 1, MAX_CHECKOUT_UNITS, problems),
        open_checkouts=_as_int("STORYSHOP_MAX_OPEN_CHECKOUTS", 1, MAX_OPEN_CHECKOUTS, problems),
        share=_as_share("STORYSHOP_MAX_HOLD_SHARE", problems),
    )


def _key_problems(config: StripeConfig) -> list[str]:
    problems = []
    if config.secret_key and not config.secret_key.startswith(("sk_", "rk_")):
        problems.append("STRIPE_SECRET_KEY must be a secret (sk_...) or restricted (rk_...) key.")
    if config.secret_key and not config.webhook_secret:
        problems.append(
            "STRIPE_WEBHOOK_SECRET is not set: without it the shop cannot verify Stripe's "
            "webhooks, so paid orders would only be noticed by the success page or "
            "`manage.py reconcile_payments`."
        )
    if config.webhook_secret and not config.webhook_secret.startswith("whsec_"):
        problems.append("STRIPE_WEBHOOK_SECRET must be a webhook signing secret (whsec_...).")
    if config.publishable_key and not config.publishable_key.startswith("pk_"):
        problems.append("STRIPE_PUBLISHABLE_KEY must be a publishable key (pk_...).")
    if config.api_base:
        parts = urlsplit(config.api_base)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            problems.append(
                f"STRIPE_API_BASE={config.api_base!r} is not an http(s) URL "
                "(leave it empty to use https://api.stripe.com)."
            )
    return problems


class DemoPayments(StrEnum):
    """STORYSHOP_DEMO_PAYMENTS: when the demo provider is on."""

    OFF = "false"
    ON = "true"
    # On when no real provider is (development's default: `make run` can sell without keys).
    AUTO = "auto"


def _read_demo_payments(problems: list[str]) -> DemoPayments:
    raw = str(settings.STORYSHOP_DEMO_PAYMENTS).strip().lower()
    try:
        mode = DemoPayments(raw)
    except ValueError:
        problems.append(f"STORYSHOP_DEMO_PAYMENTS={raw!r} must be one of true, false or auto.")
        return DemoPayments.OFF
    if mode != DemoPayments.OFF and not settings.STORYSHOP_DEMO_ALLOWED:
        problems.append(
            "STORYSHOP_DEMO_PAYMENTS is on, but these settings do not allow the demo (production"
            " never takes pretend payments): set it to false and configure Stripe or Xendit."
        )
        return DemoPayments.OFF
    return mode


def demo_payments() -> DemoPayments:
    """When the demo provider is on (OFF where the settings do not allow the demo)."""
    return _read_demo_payments([])


@dataclass(frozen=True)
class CreatorMoney:
    """How creators are credited and paid (the STORYSHOP_ATTRIBUTION/COMMISSION/PAYOUT settings)."""

    # How long a referral or story link is remembered; zero: not at all.
    attribution_window: timedelta
    # How long a commission is held (the return window) before it can be paid.
    commission_hold: timedelta
    # The smallest payout, in the shop currency.
    payout_minimum: Decimal
    # The share of a payout withheld as tax (0 for none).
    withholding_rate: Decimal


MAX_ATTRIBUTION_DAYS = 365
MAX_HOLD_DAYS = 365


def _as_amount(name: str, problems: list[str]) -> Decimal:
    raw = getattr(settings, name)
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        problems.append(f"{name}={raw!r} is not an amount of money (e.g. 50000 or 12.50).")
        return Decimal(0)
    return value


def _as_rate(name: str, problems: list[str]) -> Decimal:
    raw = getattr(settings, name)
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not (value.is_finite() and 0 <= value < 1):
        problems.append(f"{name}={raw!r} must be at least 0 and less than 1 (a share, 0.025).")
        return Decimal(0)
    return value


def _read_creator_money(problems: list[str]) -> CreatorMoney:
    return CreatorMoney(
        attribution_window=timedelta(
            days=_as_int("STORYSHOP_ATTRIBUTION_DAYS", 0, MAX_ATTRIBUTION_DAYS, problems)
        ),
        commission_hold=timedelta(
            days=_as_int("STORYSHOP_COMMISSION_HOLD_DAYS", 0, MAX_HOLD_DAYS, problems)
        ),
        payout_minimum=_as_amount("STORYSHOP_PAYOUT_MINIMUM", problems),
        withholding_rate=_as_rate("STORYSHOP_PAYOUT_WITHHOLDING_RATE", problems),
    )


def _validated[T](read: Callable[[list[str]], T]) -> T:
    """What `read` makes of the settings, when it finds no problem.

    Raises:
        ImproperlyConfigured: when one is invalid (the system checks say which).
    """
    problems: list[str] = []
    value = read(problems)
    if problems:
        raise ImproperlyConfigured(" ".join(problems))
    return value


def creator_money() -> CreatorMoney:
    """Return the validated creator-money settings.

    Raises:
        ImproperlyConfigured: when one is invalid (the system checks say which).
    """
    return _validated(_read_creator_money)


def configuration_problems() -> list[str]:
    """Return a sentence for each thing wrong with the payment settings (empty when fine)."""
    problems = _read_config()[1]
    _read_hold_limits(problems)
    _read_creator_money(problems)
    _read_demo_payments(problems)
    currency = str(settings.STORYSHOP_CURRENCY)
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        problems.append(f"STORYSHOP_CURRENCY={currency!r} is not a three-letter ISO 4217 code.")
    return problems


def stripe_config() -> StripeConfig:
    """Return the validated Stripe settings.

    Raises:
        ImproperlyConfigured: when a setting is invalid (the system checks say which).
    """
    config, problems = _read_config()
    if problems:
        raise ImproperlyConfigured(" ".join(problems))
    return config


def stripe_enabled() -> bool:
    """True when readers can pay with Stripe: a key is set and every payment setting is valid.

    With a key but an invalid setting (e.g. no webhook secret) the shop says payments are off
    rather than offering buttons that fail; the system checks say what to fix.
    """
    config, problems = _read_config()
    return config.enabled and not problems


def hold_limits() -> HoldLimits:
    """Return the validated STORYSHOP_MAX_* hold settings.

    Raises:
        ImproperlyConfigured: when one is invalid (the system checks say which).
    """
    return _validated(_read_hold_limits)
