"""Configuration errors are explained in one line, without a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "storyshop.settings.production",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghij",
    "DJANGO_ALLOWED_HOSTS": "shop.example.com",
    "DATABASE_URL": "postgres://storyshop@db.example.com:5432/storyshop",
    "WAGTAILADMIN_BASE_URL": "https://shop.example.com",
    "REDIS_URL": "redis://cache.example.com:6379/0",
}
S3_ENV = {
    "DJANGO_MEDIA_S3_BUCKET": "storyshop-media",
    "DJANGO_MEDIA_S3_ENDPOINT_URL": "https://s3.example.com",
    "DJANGO_MEDIA_S3_REGION": "ap-southeast-3",
    "DJANGO_MEDIA_S3_ACCESS_KEY_ID": "storyshop-key",
    "DJANGO_MEDIA_S3_SECRET_ACCESS_KEY": "storyshop-secret",
    "DJANGO_MEDIA_S3_CUSTOM_DOMAIN": "media.example.com",
}
# Prints the media storage production builds (no network: boto3 connects on first use).
SHOW_STORAGE = (
    "from django.core.files.storage import storages; s = storages['default']; "
    "print(type(s).__name__, getattr(s, 'bucket_name', ''), getattr(s, 'endpoint_url', ''), "
    "s.url('images/a.jpg'))"
)


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPOSITORY,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY is not set"),
        ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS is not set"),
        ("DATABASE_URL", "DATABASE_URL is not set"),
        ("WAGTAILADMIN_BASE_URL", "WAGTAILADMIN_BASE_URL is not set"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(missing, message):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = manage("check", **env)

    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_malformed_database_url_is_named():
    result = manage("check", **{**PRODUCTION_ENV, "DATABASE_URL": "oracle-ish://nope"})

    assert result.returncode == 1
    assert "DATABASE_URL='oracle-ish://nope' is not a usable database URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr


def test_the_admin_base_url_must_be_a_served_address():
    for url, message in (
        ("shop.example.com", "is not an http(s) address"),
        ("https://elsewhere.example.org", "which is not in DJANGO_ALLOWED_HOSTS"),
    ):
        result = manage("check", **{**PRODUCTION_ENV, "WAGTAILADMIN_BASE_URL": url})

        assert result.returncode == 1
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_production_without_redis_warns_that_caches_are_per_process():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "REDIS_URL"}

    result = manage("check", "--deploy", **env)

    assert "content.W001" in result.stderr
    assert "REDIS_URL" in result.stderr


def test_production_keeps_media_on_s3_compatible_storage_when_configured():
    local = manage("shell", "--no-imports", "-c", SHOW_STORAGE, **PRODUCTION_ENV)
    s3 = manage("shell", "--no-imports", "-c", SHOW_STORAGE, **PRODUCTION_ENV, **S3_ENV)

    assert local.returncode == 0, local.stderr
    assert local.stdout.startswith("FileSystemStorage")
    assert s3.returncode == 0, s3.stderr
    assert s3.stdout.split() == [
        "S3Storage",
        "storyshop-media",
        "https://s3.example.com",
        "https://media.example.com/images/a.jpg",
    ]


def test_an_s3_access_key_needs_its_secret():
    env = {**PRODUCTION_ENV, **S3_ENV, "DJANGO_MEDIA_S3_SECRET_ACCESS_KEY": ""}

    result = manage("check", **env)

    assert result.returncode == 1
    assert "DJANGO_MEDIA_S3_ACCESS_KEY_ID and DJANGO_MEDIA_S3_SECRET_ACCESS_KEY go together" in (
        result.stderr
    )
