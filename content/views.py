"""Discovery endpoints outside the page tree: sitemap.xml and robots.txt."""

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_page
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from content.sitemaps import sitemaps_for
from storyshop.links import site_root_url

ROBOTS_CACHE_SECONDS = 60 * 60
# The sitemap walks every page and product: it is kept this long, and dropped sooner when a
# page is published or unpublished or a product changes (content.signals).
SITEMAP_CACHE_SECONDS = 15 * 60
SITEMAP_VERSION_KEY = "content:sitemap:version"


def forget_sitemaps() -> None:
    """Make every cached sitemap stale (the next request builds it again)."""
    try:
        cache.incr(SITEMAP_VERSION_KEY)
    except ValueError:
        cache.set(SITEMAP_VERSION_KEY, 1, None)


def sitemap(request: HttpRequest) -> HttpResponse:
    """`/sitemap.xml`: the site's live pages and visible products, cached per site root URL."""
    version = cache.get_or_set(SITEMAP_VERSION_KEY, 1, None)
    key = f"content:sitemap:{version}:{site_root_url(request)}:{request.GET.urlencode()}"
    cached = cache.get(key)
    if cached is None:
        response = wagtail_sitemap(request, sitemaps=sitemaps_for(request))
        response.render()
        if response.status_code != 200:
            return response
        cached = (response.content, response["Content-Type"])
        cache.set(key, cached, SITEMAP_CACHE_SECONDS)
    content, content_type = cached
    return HttpResponse(content, content_type=content_type)


@cache_page(ROBOTS_CACHE_SECONDS)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """`/robots.txt`: keep crawlers out of the admin and checkout; point them to the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cart/",
        "Disallow: /checkout/",
        "Disallow: /search/",
        "",
        f"Sitemap: {site_root_url(request)}{reverse('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")
