"""Tests: SQLite by default (DATABASE_URL for PostgreSQL), fast hashing, media in a temp folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES
from .environment import env_str

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Lets two checkouts run their suites on one PostgreSQL server at once.
DATABASES["default"]["TEST"] = {"NAME": env_str("DJANGO_TEST_DATABASE_NAME") or None}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

_TEST_VAR_DIR = Path(tempfile.mkdtemp(prefix="storyshop-test-"))
MEDIA_ROOT = _TEST_VAR_DIR / "media"
STATIC_ROOT = _TEST_VAR_DIR / "static"
STORYSHOP_DEMO_ALLOWED = True
# Tests turn the demo payment provider on themselves, whatever the shell has.
STORYSHOP_DEMO_PAYMENTS = "false"
STORYSHOP_DEMO_CREDENTIALS_FILE = _TEST_VAR_DIR / "demo-admin.txt"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests choose their search backend themselves (tests/search/conftest.py), whatever the shell has.
ELASTICSEARCH_URL = ""
