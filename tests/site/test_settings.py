"""Configuration errors are explained in one line, without a traceback."""

import os
import re
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


# Database connections (storyshop/settings/environment.py): persistent or pooled, validated.

POSTGRES_URL = "postgres://storyshop@db.example.com:5432/storyshop"
DATABASE_VARIABLES = (
    "DATABASE_URL",
    "DJANGO_DB_CONN_MAX_AGE",
    "DJANGO_DB_CONN_HEALTH_CHECKS",
    "DJANGO_DB_POOL_MAX_SIZE",
    "DJANGO_DB_POOL_MIN_SIZE",
    "DJANGO_DB_POOL_TIMEOUT",
)


@pytest.fixture
def database_env(monkeypatch):
    """Sets DJANGO_DB_* variables (and nothing else) and returns the database settings."""
    from storyshop.settings.environment import database_from_env

    for name in DATABASE_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def parse(url: str = POSTGRES_URL, **variables: str):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return database_from_env(url)

    return parse


def test_postgresql_keeps_health_checked_connections_for_a_minute_by_default(database_env):
    config = database_env()

    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True
    assert "pool" not in config.get("OPTIONS", {})


def test_how_long_connections_are_kept_is_configurable(database_env):
    closed = database_env(DJANGO_DB_CONN_MAX_AGE="0")
    kept = database_env(DJANGO_DB_CONN_MAX_AGE="300", DJANGO_DB_CONN_HEALTH_CHECKS="false")

    assert closed["CONN_MAX_AGE"] == 0
    assert (kept["CONN_MAX_AGE"], kept["CONN_HEALTH_CHECKS"]) == (300, False)


def test_a_pool_replaces_persistent_connections(database_env):
    config = database_env(DJANGO_DB_POOL_MAX_SIZE="8", DJANGO_DB_POOL_MIN_SIZE="2")

    assert config["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 8, "timeout": 10}
    assert config["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"DJANGO_DB_CONN_MAX_AGE": "a minute"},
            "DJANGO_DB_CONN_MAX_AGE='a minute' is not a whole",
        ),
        ({"DJANGO_DB_CONN_MAX_AGE": "-1"}, "DJANGO_DB_CONN_MAX_AGE=-1 must be between 0 and"),
        ({"DJANGO_DB_POOL_MAX_SIZE": "8.5"}, "DJANGO_DB_POOL_MAX_SIZE='8.5' is not a whole"),
        (
            {"DJANGO_DB_POOL_MAX_SIZE": "4", "DJANGO_DB_POOL_MIN_SIZE": "5"},
            "DJANGO_DB_POOL_MIN_SIZE=5 must be between 0 and 4",
        ),
        (
            {"DJANGO_DB_POOL_MAX_SIZE": "4", "DJANGO_DB_CONN_MAX_AGE": "60"},
            "DJANGO_DB_CONN_MAX_AGE=60 and DJANGO_DB_POOL_MAX_SIZE=4 cannot go together",
        ),
        ({"DJANGO_DB_CONN_HEALTH_CHECKS": "sometimes"}, "is not a yes/no value"),
    ],
)
def test_bad_connection_settings_are_named(database_env, variables, message):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        database_env(**variables)


def test_sqlite_is_set_up_for_a_web_server(database_env, tmp_path):
    config = database_env(f"sqlite:///{tmp_path / 'var' / 'db.sqlite3'}")
    in_memory = database_env("sqlite://:memory:")

    assert config["OPTIONS"] == {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL",
    }
    assert config["CONN_MAX_AGE"] == 0
    assert (tmp_path / "var").is_dir()
    assert "init_command" not in in_memory["OPTIONS"]  # no WAL in memory


def test_sqlite_refuses_postgresql_connection_settings(database_env, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="are for PostgreSQL"):
        database_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", DJANGO_DB_POOL_MAX_SIZE="4")


def test_a_bad_connection_setting_stops_the_site_with_its_name():
    result = manage("check", **{**PRODUCTION_ENV, "DJANGO_DB_CONN_MAX_AGE": "forever"})

    assert result.returncode == 1
    assert "DJANGO_DB_CONN_MAX_AGE='forever' is not a whole number" in result.stderr
    assert "Traceback" not in result.stderr


SHOW_CONN_MAX_AGE = (
    "import storyshop.asgi; from django.conf import settings; "
    "print(settings.DATABASES['default']['CONN_MAX_AGE'])"
)


def test_asgi_closes_connections_after_each_request_unless_told_otherwise():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}

    def asgi_conn_max_age(**env: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", SHOW_CONN_MAX_AGE],
            cwd=REPOSITORY,
            env={**clean, **PRODUCTION_ENV, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert asgi_conn_max_age() == "0"
    assert asgi_conn_max_age(DJANGO_DB_CONN_MAX_AGE="30") == "30"


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL: run with DATABASE_URL=postgres://... (CI runs both)",
)
def test_the_pool_serves_connections_on_postgresql():
    show_pool = (
        "from django.db import connection; connection.ensure_connection(); "
        "print(type(connection.pool).__name__, connection.pool.max_size)"
    )
    env = {**PRODUCTION_ENV, "DATABASE_URL": os.environ["DATABASE_URL"]}

    result = manage("shell", "--no-imports", "-c", show_pool, **env, DJANGO_DB_POOL_MAX_SIZE="3")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ConnectionPool", "3"]


# Sign-in throttling (storyshop/login_throttle.py): its window and limit are validated.


def test_the_login_lockout_window_and_limit_are_configurable():
    show = (
        "from django.conf import settings; "
        "print(settings.AXES_COOLOFF_TIME, settings.AXES_FAILURE_LIMIT)"
    )
    env = {
        **PRODUCTION_ENV,
        "STORYSHOP_LOGIN_LOCKOUT_MINUTES": "30",
        "STORYSHOP_LOGIN_FAILURE_LIMIT": "8",
    }

    result = manage("shell", "--no-imports", "-c", show, **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0:30:00", "8"]


def test_a_bad_login_lockout_window_is_named():
    result = manage("check", **{**PRODUCTION_ENV, "STORYSHOP_LOGIN_LOCKOUT_MINUTES": "0"})

    assert result.returncode == 1
    assert "STORYSHOP_LOGIN_LOCKOUT_MINUTES=0 must be between 1 and" in result.stderr
    assert "Traceback" not in result.stderr
