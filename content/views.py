"""Discovery endpoints outside the page tree: sitemap.xml and robots.txt."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_page
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from content.seo import site_root_url
from content.sitemaps import sitemaps_for

ROBOTS_CACHE_SECONDS = 60 * 60


def sitemap(request: HttpRequest) -> HttpResponse:
    """`/sitemap.xml`: the site's live pages and visible products."""
    return wagtail_sitemap(request, sitemaps=sitemaps_for(request))


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
