"""System checks for what readers and crawlers are sent: the Site's address must be served,
and in production the cache that holds sitemaps must be shared between processes.

Canonical, Open Graph, share, JSON-LD, feed and sitemap URLs all start with the default
Wagtail Site's root URL (`storyshop.links.site_root_url`). Its host lives in the database, so a
plain start-up cannot check it: it is a deployment check with the `database` tag, run by
`manage.py check --deploy --database default` (README, "Deployment and operations"). It does
not block `migrate`, so a new install can migrate, then set its Site. (Production settings
check WAGTAILADMIN_BASE_URL, which needs no database, when they load.)
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError
from django.http.request import validate_host

# What Django accepts when DEBUG is on and ALLOWED_HOSTS is empty.
_DEBUG_HOSTS = [".localhost", "127.0.0.1", "[::1]"]


def allowed_hosts() -> list[str]:
    """The host names this process answers, as Django decides it."""
    if settings.DEBUG and not settings.ALLOWED_HOSTS:
        return _DEBUG_HOSTS
    return list(settings.ALLOWED_HOSTS)


@register(Tags.database, deploy=True)
def check_site_host_is_allowed(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """The default Site's host name must be in ALLOWED_HOSTS, or its URLs lead nowhere."""
    if not databases:
        return []
    from wagtail.models import Site

    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:
        return []  # not migrated yet: `migrate` checks before it creates the tables
    if site is None or validate_host(site.hostname, allowed_hosts()):
        return []
    return [
        Error(
            f"The default Wagtail Site's host name {site.hostname!r} is not in ALLOWED_HOSTS, "
            "yet canonical, share, feed and sitemap URLs are built from it.",
            hint=(
                "Set the site's host name and port in the admin (Settings → Sites), or add the "
                "host to DJANGO_ALLOWED_HOSTS."
            ),
            id="content.E001",
        )
    ]


# Cache backends that live inside one process: every app server would keep its own copy.
_PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """In production the cache should be shared (Redis): a per-process one keeps stale copies."""
    if settings.CACHES["default"]["BACKEND"] not in _PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            "The cache is kept per process (REDIS_URL is not set): each app server caches its "
            "own sitemap, robots.txt and Wagtail site roots, and a publish empties only the "
            "cache of the process that handled it.",
            hint="Set REDIS_URL, e.g. redis://cache.internal:6379/0.",
            id="content.W001",
        )
    ]
