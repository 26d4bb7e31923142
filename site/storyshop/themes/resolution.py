"""Which theme the templates being rendered belong to, for a request or a block of code.

The middleware makes the request the active scope; the theme is looked up only when a template
is loaded, so a JSON answer or a webhook costs nothing. Outside a request (management commands,
e-mails sent from tasks) the default theme is used, unless the code says otherwise with
`with using_theme(name):`.

Cost: the theme of each host is cached in Django's cache (Redis in production, so every process
shares it) under one key, {"hostname:port": theme}, deleted whenever a ThemeSettings or a Site
is saved or deleted. It is keyed by the request's host rather than by site id because finding
the Site is itself a query: pages pay it anyway (Wagtail memoises it on the request, and the
cold lookup reuses it), but the cart, checkout and search views never do, and a warm request of
any kind must cost no query. The timeout only bounds a race: a reader that read the old theme
just before an editor's save may write it back after the save deleted the entry.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.http import HttpRequest
from django.http.request import split_domain_port

from storyshop.themes.folders import DEFAULT_THEME, available_themes

logger = logging.getLogger(__name__)

CACHE_KEY = "storyshop.themes.by-host"
CACHE_SECONDS = 300
# Bounds the cached mapping when ALLOWED_HOSTS has wildcards: more hosts are looked up each time.
MAX_CACHED_HOSTS = 500
REQUEST_ATTRIBUTE = "_storyshop_theme"

# The request being served, or the name a `using_theme` block chose; None: the default theme.
_active: ContextVar[HttpRequest | str | None] = ContextVar("storyshop_theme", default=None)


def current_theme() -> str:
    """The theme of the templates rendered now: the request's Site's, a chosen one, or default."""
    active = _active.get()
    if active is None:
        return DEFAULT_THEME
    if isinstance(active, str):
        return active
    theme = getattr(active, REQUEST_ATTRIBUTE, None)
    if theme is None:
        theme = theme_for_request(active)
        setattr(active, REQUEST_ATTRIBUTE, theme)
    return theme


@contextmanager
def using_theme(name: str) -> Iterator[None]:
    """Render templates inside the block with theme `name` (default if it is not installed)."""
    token = _active.set(installed_or_default(name))
    try:
        yield
    finally:
        _active.reset(token)


@contextmanager
def request_scope(request: HttpRequest) -> Iterator[None]:
    """Render templates inside the block with the theme of `request`'s Site."""
    token = _active.set(request)
    try:
        yield
    finally:
        _active.reset(token)


def installed_or_default(name: str) -> str:
    """`name` if such a theme folder exists, else the default theme."""
    return name if name in available_themes() else DEFAULT_THEME


def theme_for_request(request: HttpRequest) -> str:
    """The installed theme of the Site serving `request`; no query once its host is cached."""
    try:
        hostname, _ = split_domain_port(request.get_host())
    except DisallowedHost:
        return DEFAULT_THEME  # Django answers 400 anyway; its page must not need the database
    host = f"{hostname}:{request.get_port()}"
    by_host = cache.get(CACHE_KEY) or {}
    if host not in by_host:
        try:
            saved = saved_theme_for_request(request)
        except DatabaseError:
            logger.warning("The theme of %s could not be read; using the default.", host)
            return DEFAULT_THEME
        if len(by_host) < MAX_CACHED_HOSTS:
            cache.set(CACHE_KEY, {**by_host, host: saved}, CACHE_SECONDS)
        return installed_or_default(saved)
    return installed_or_default(by_host[host])


def saved_theme_for_request(request: HttpRequest) -> str:
    """The theme saved for the request's Site (read from the database), default if none."""
    from wagtail.models import Site

    from storyshop.themes.models import ThemeSettings

    site = Site.find_for_request(request)
    if site is None:
        return DEFAULT_THEME
    saved = ThemeSettings.objects.filter(site=site).values_list("theme", flat=True).first()
    return saved or DEFAULT_THEME


def forget_cached_themes() -> None:
    """Drop the cached themes: the next request of each host reads its Site's theme again."""
    cache.delete(CACHE_KEY)
