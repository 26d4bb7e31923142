"""Read configuration from the environment, failing with a message that names the variable."""

import os
from pathlib import Path
from typing import Any

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


def env_int(name: str, default: int, *, minimum: int, maximum: int) -> int:
    """Return a whole-number variable within [minimum, maximum]; anything else is named."""
    value = env_str(name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if not minimum <= number <= maximum:
        raise ImproperlyConfigured(f"{name}={number} must be between {minimum} and {maximum}.")
    return number


SQLITE = "django.db.backends.sqlite3"
# How long an SQLite writer waits for another to finish before "database is locked".
SQLITE_BUSY_TIMEOUT_SECONDS = 20
# Persistent connections under WSGI (asgi.py makes it 0: Django says to disable them there).
DEFAULT_CONN_MAX_AGE = 60


def database_from_env(default_url: str) -> dj_database_url.DBConfig:
    """Return Django's database settings from DATABASE_URL (or `default_url` when unset), with
    connection handling from DJANGO_DB_* (see `configure_server_connections`)."""
    url = env_str("DATABASE_URL") or default_url
    try:
        config = dj_database_url.parse(url)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} is not a usable database URL: {error}"
        ) from None
    if config["ENGINE"] == SQLITE:
        configure_sqlite(config)
    else:
        configure_server_connections(config)
    return config


def configure_sqlite(config: dj_database_url.DBConfig) -> None:
    """Make SQLite fit for a web server's concurrent requests (the embedded default).

    WAL lets readers go on while one writer writes; every transaction starts IMMEDIATE, taking
    the write lock up front, so two writers queue behind the busy timeout instead of one
    failing at once with "database is locked" when it upgrades a read to a write. An in-memory
    database (the tests') has no WAL and keeps its own journal.
    """
    if env_str("DJANGO_DB_POOL_MAX_SIZE") or env_str("DJANGO_DB_CONN_MAX_AGE"):
        raise ImproperlyConfigured(
            "DJANGO_DB_POOL_MAX_SIZE and DJANGO_DB_CONN_MAX_AGE are for PostgreSQL; "
            "SQLite connections are opened per request (unset them, or use a postgres:// URL)."
        )
    # SQLite connections are cheap and not shareable between threads: never persist them.
    config["CONN_MAX_AGE"] = 0
    config["CONN_HEALTH_CHECKS"] = False
    options = config.setdefault("OPTIONS", {})
    options.setdefault("timeout", SQLITE_BUSY_TIMEOUT_SECONDS)
    options.setdefault("transaction_mode", "IMMEDIATE")
    name = str(config.get("NAME") or "")
    if name and name != ":memory:" and not name.startswith("file:"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        options.setdefault("init_command", "PRAGMA journal_mode=WAL")


def configure_server_connections(config: dj_database_url.DBConfig) -> None:
    """Persistent connections (DJANGO_DB_CONN_MAX_AGE seconds, health-checked) or psycopg's
    pool (DJANGO_DB_POOL_MAX_SIZE per process); Django allows one or the other.

    Sizing: persistent connections hold one per server thread, so processes x threads (of
    every app server and worker) must stay below PostgreSQL's max_connections; a pool holds
    at most max_size per process, so max_size x processes must.
    """
    max_age = env_int("DJANGO_DB_CONN_MAX_AGE", DEFAULT_CONN_MAX_AGE, minimum=0, maximum=86_400)
    pool_size = env_int("DJANGO_DB_POOL_MAX_SIZE", 0, minimum=0, maximum=1000)
    if pool_size:
        if env_str("DJANGO_DB_CONN_MAX_AGE") and max_age:
            raise ImproperlyConfigured(
                f"DJANGO_DB_CONN_MAX_AGE={max_age} and DJANGO_DB_POOL_MAX_SIZE={pool_size} "
                "cannot go together: the pool keeps its connections itself. Unset "
                "DJANGO_DB_CONN_MAX_AGE (or set it to 0) to pool, or unset the pool size."
            )
        max_age = 0
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("DJANGO_DB_POOL_MIN_SIZE", 1, minimum=0, maximum=pool_size),
            "max_size": pool_size,
            # Seconds a request waits for a free connection before it fails.
            "timeout": env_int("DJANGO_DB_POOL_TIMEOUT", 10, minimum=1, maximum=600),
        }
    config["CONN_MAX_AGE"] = max_age
    config["CONN_HEALTH_CHECKS"] = env_bool("DJANGO_DB_CONN_HEALTH_CHECKS", default=True)


def media_storage_from_env() -> dict[str, Any]:
    """Return STORAGES["default"]: S3-compatible object storage when DJANGO_MEDIA_S3_BUCKET is
    set (django-storages' S3Storage), local files otherwise.

    Uploads and image renditions are read by browsers and by the sites that show share cards,
    so the URLs are plain (unsigned): the bucket, or the CDN in DJANGO_MEDIA_S3_CUSTOM_DOMAIN,
    must serve them publicly. Without an access key pair boto3 finds credentials itself (an
    instance role, AWS_* variables).
    """
    bucket = env_str("DJANGO_MEDIA_S3_BUCKET")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    access_key = env_str("DJANGO_MEDIA_S3_ACCESS_KEY_ID")
    secret_key = env_str("DJANGO_MEDIA_S3_SECRET_ACCESS_KEY")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "DJANGO_MEDIA_S3_ACCESS_KEY_ID and DJANGO_MEDIA_S3_SECRET_ACCESS_KEY go together: "
            "set both, or neither to let boto3 find credentials."
        )
    options = {
        "bucket_name": bucket,
        "endpoint_url": env_str("DJANGO_MEDIA_S3_ENDPOINT_URL") or None,
        "region_name": env_str("DJANGO_MEDIA_S3_REGION") or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "custom_domain": env_str("DJANGO_MEDIA_S3_CUSTOM_DOMAIN") or None,
        "location": env_str("DJANGO_MEDIA_S3_PREFIX"),
        "file_overwrite": False,
        "querystring_auth": False,
        "default_acl": None,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def base_url_from_env(name: str, allowed_hosts: list[str], why: str) -> str:
    """Return a required absolute http(s) URL whose host is one of `allowed_hosts`."""
    from urllib.parse import urlsplit

    from django.http.request import validate_host

    url = env_required(name, why).rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(f"{name}={url!r} is not an http(s) address, e.g. {why}")
    if not validate_host(parts.hostname, allowed_hosts):
        raise ImproperlyConfigured(
            f"{name}={url!r} names host {parts.hostname!r}, which is not in DJANGO_ALLOWED_HOSTS."
        )
    return url
