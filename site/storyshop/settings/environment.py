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
