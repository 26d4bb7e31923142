"""Read configuration from the environment, failing with a message that names the variable."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    """Return the variable's value with surrounding blanks removed, or `default`."""
    return os.environ.get(name, default).strip()


def env_required(name: str, why: str) -> str:
    """Return the variable's value, or raise ImproperlyConfigured explaining why it is needed."""
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(f"{name} is not set: {why}")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    """Return a comma-separated variable as a list of non-empty items."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    """Return a yes/no variable; anything but a recognised word is a configuration error."""
    value = env_str(name).lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value (use true or false)")


def database_from_env(default_url: str) -> dj_database_url.DBConfig:
    """Return Django's database settings from DATABASE_URL (or `default_url` when unset)."""
    url = env_str("DATABASE_URL") or default_url
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} is not a usable database URL: {error}"
        ) from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # SQLite connections are cheap and not shareable between threads: never persist them.
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
        if config["NAME"] and config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    return config
