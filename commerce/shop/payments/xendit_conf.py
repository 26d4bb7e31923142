"""The XENDIT_* settings, read and validated in one place (as `commerce.shop.conf` does for
Stripe's).

Settings hold the raw environment values (settings/base.py). `xendit_config()` turns them into a
typed, frozen `XenditConfig`; `configuration_problems()` lists what is wrong with them, for a
system check and for a clear error at the point of use.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from commerce.shop.conf import MAX_NETWORK_RETRIES, MAX_TIMEOUT_SECONDS

# Secret keys of Xendit's test mode and live mode (public keys, xnd_public_..., cannot call the
# API the shop needs).
SECRET_KEY_PATTERN = re.compile(r"xnd_(development|production)_[A-Za-z0-9+/=_-]+")


@dataclass(frozen=True)
class XenditConfig:
    """Everything the Xendit gateway needs; `enabled` is False without a secret key."""

    secret_key: str
    callback_token: str
    api_base: str
    timeout_seconds: float
    max_network_retries: int

    @property
    def enabled(self) -> bool:
        return bool(self.secret_key)


def _retries(name: str, problems: list[str]) -> int:
    raw = str(getattr(settings, name)).strip()
    try:
        value = int(raw)
    except ValueError:
        problems.append(f"{name}={raw!r} is not a whole number.")
        return 0
    if not 0 <= value <= MAX_NETWORK_RETRIES:
        problems.append(f"{name}={value} must be between 0 and {MAX_NETWORK_RETRIES}.")
    return value


def _seconds(name: str, problems: list[str]) -> float:
    raw = str(getattr(settings, name)).strip()
    try:
        value = float(raw)
    except ValueError:
        problems.append(f"{name}={raw!r} is not a number of seconds.")
        return 1.0
    if not 0 < value <= MAX_TIMEOUT_SECONDS:
        problems.append(f"{name}={value} must be more than 0 and at most {MAX_TIMEOUT_SECONDS}.")
    return value


def _key_problems(config: XenditConfig) -> list[str]:
    problems = []
    if config.secret_key and not SECRET_KEY_PATTERN.fullmatch(config.secret_key):
        problems.append(
            "XENDIT_SECRET_KEY must be a secret API key (xnd_development_... or "
            "xnd_production_...)."
        )
    if config.secret_key and not config.callback_token:
        problems.append(
            "XENDIT_CALLBACK_TOKEN is not set: without it the shop cannot tell Xendit's invoice "
            "callbacks from forged ones (Xendit Dashboard > Settings > Webhooks: the "
            "verification token)."
        )
    parts = urlsplit(config.api_base)
    if config.api_base and (parts.scheme not in {"http", "https"} or not parts.netloc):
        problems.append(
            f"XENDIT_API_BASE={config.api_base!r} is not an http(s) URL "
            "(leave it empty to use https://api.xendit.co)."
        )
    return problems


def read_config() -> tuple[XenditConfig, list[str]]:
    """Return the settings as they are, and a sentence for each thing wrong with them."""
    problems: list[str] = []
    config = XenditConfig(
        secret_key=str(settings.XENDIT_SECRET_KEY).strip(),
        callback_token=str(settings.XENDIT_CALLBACK_TOKEN).strip(),
        api_base=str(settings.XENDIT_API_BASE).strip().rstrip("/"),
        timeout_seconds=_seconds("XENDIT_TIMEOUT_SECONDS", problems),
        max_network_retries=_retries("XENDIT_MAX_NETWORK_RETRIES", problems),
    )
    problems.extend(_key_problems(config))
    return config, problems


def configuration_problems() -> list[str]:
    """Return a sentence for each thing wrong with the XENDIT_* settings (empty when fine)."""
    return read_config()[1]


def xendit_config() -> XenditConfig:
    """Return the validated Xendit settings.

    Raises:
        ImproperlyConfigured: when a setting is invalid (`configuration_problems` says which).
    """
    config, problems = read_config()
    if problems:
        raise ImproperlyConfigured(" ".join(problems))
    return config


def xendit_enabled() -> bool:
    """True when readers can pay through Xendit: a secret key is set and every setting is valid
    (with a key but, say, no callback token, Xendit stays off and the system check says why)."""
    config, problems = read_config()
    return config.enabled and not problems
