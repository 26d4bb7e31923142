"""Production: refuses to start without its secrets; HTTPS-only cookies and headers."""

from .base import *  # noqa: F403
from .environment import (
    base_url_from_env,
    env_bool,
    env_list,
    env_required,
    media_storage_from_env,
)

DEBUG = False
SECRET_KEY = env_required(
    "DJANGO_SECRET_KEY", "production needs a long random secret key (for example 50 characters)."
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    env_required("DJANGO_ALLOWED_HOSTS", "list the site's host names, comma-separated.")
env_required("DATABASE_URL", "production runs on PostgreSQL, e.g. postgres://user@host:5432/db.")
# Moderation, workflow and password e-mails link to the admin at this address.
WAGTAILADMIN_BASE_URL = base_url_from_env(
    "WAGTAILADMIN_BASE_URL",
    ALLOWED_HOSTS,
    "https://shop.example.com (admin e-mails such as moderation requests link to it).",
)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Joining the browsers' preload list is hard to undo, so it is the site owner's explicit choice.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# A leading dot in ALLOWED_HOSTS means "and every subdomain"; CSRF spells that "*.".
CSRF_TRUSTED_ORIGINS = [
    f"https://*{host}" if host.startswith(".") else f"https://{host}" for host in ALLOWED_HOSTS
]
STORAGES = {
    # S3-compatible object storage when DJANGO_MEDIA_S3_BUCKET is set, local files otherwise.
    "default": media_storage_from_env(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
