"""Links: the absolute URLs and query strings every layer builds.

Every absolute URL readers and crawlers get (canonical, Open Graph, share links, JSON-LD, feeds,
sitemap, robots.txt, e-mails, widgets) starts with the root URL of the request's Wagtail Site,
as Wagtail's own `page.get_full_url()` does, so they agree whatever host name a request used.
The `via` query parameter names the story a visit came from (see the README's attribution).
"""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from wagtail.models import Site

# Which Site a host name is (its root URL and name) is asked on every page, also outside the
# Wagtail tree (cart, product pages): it is cached per host until a Site changes.
SITES_CACHE_VERSION_KEY = "links:sites:version"
SITE_CACHE_SECONDS = 60 * 60

# The query parameter naming the story a visit came from. A product page reached with it hands
# that story to the buying controls as their `page`, so the cart line, the order and the
# creator's commission are credited to the story that brought the reader.
VIA_PARAMETER = "via"
# Page ids fit in a 64-bit integer; longer digit strings are not ids.
_MAX_ID_DIGITS = 18


def forget_sites() -> None:
    """Drop the cached Site of every host (a Site was saved or deleted)."""
    try:
        cache.incr(SITES_CACHE_VERSION_KEY)
    except ValueError:
        cache.set(SITES_CACHE_VERSION_KEY, 1, None)


def _site_of(request: HttpRequest | None) -> tuple[str, str]:
    """(root URL, name) of the request's Wagtail Site, or of the default Site without a match."""
    key = None
    if request is not None:
        version = cache.get_or_set(SITES_CACHE_VERSION_KEY, 1, None)
        key = f"links:site:{version}:{request.get_host()}:{request.get_port()}"
        cached = cache.get(key)
        if cached is not None:
            return cached
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    found = (site.root_url, site.site_name) if site is not None else ("", "")
    if key is not None:
        cache.set(key, found, SITE_CACHE_SECONDS)
    return found


def site_root_url(request: HttpRequest | None) -> str:
    """The root URL of the request's Wagtail Site (the default one without a match), no slash."""
    return _site_of(request)[0]


def site_name(request: HttpRequest | None) -> str:
    """The request's Site's name, or WAGTAIL_SITE_NAME when the Site has none."""
    return (_site_of(request)[1] if request is not None else "") or settings.WAGTAIL_SITE_NAME


def absolute(request: HttpRequest | None, url: str) -> str:
    """`url` made absolute with the Site's root URL (unchanged when it already is)."""
    if url.startswith(("http://", "https://")):
        return url
    return site_root_url(request) + url


def with_query(url: str, parameters: dict[str, Any]) -> str:
    """`url` with `parameters` added to its query string."""
    return f"{url}{'&' if '?' in url else '?'}{urlencode(parameters)}"


def parse_via(value: str | None) -> int | None:
    """The page id a `via` value names, or None unless it is a plain positive ASCII number."""
    if not value or len(value) > _MAX_ID_DIGITS or not (value.isascii() and value.isdigit()):
        return None
    return int(value) or None


def with_via(url: str, via_page_id: int | None) -> str:
    """`url` naming the story it was reached from (unchanged without one)."""
    if not via_page_id:
        return url
    return with_query(url, {VIA_PARAMETER: via_page_id})
