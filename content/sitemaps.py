"""sitemap.xml: every live page of the site (with tag and creator pages) and every product."""

from typing import Any
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from commerce.catalogue.models import Product
from storyshop.links import site_root_url


class ProductSitemap(Sitemap):
    """Products readers may see, newest change first, at the Site's root URL."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        self.request = request

    def items(self):
        return Product.objects.visible().order_by("-updated_at", "pk").only("slug", "updated_at")

    def lastmod(self, product):
        return product.updated_at

    def get_urls(self, page: Any = 1, site: Any = None, protocol: str | None = None):
        # Pages get their addresses from the Wagtail Site (page.get_full_url); products too.
        root = urlsplit(site_root_url(self.request))
        return self._urls(page, root.scheme, root.netloc)


def sitemaps_for(request: HttpRequest) -> dict[str, Sitemap]:
    """The sections of the request's sitemap.xml."""
    return {"pages": PageSitemap(request), "products": ProductSitemap(request)}
