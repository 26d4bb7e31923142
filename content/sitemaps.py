"""sitemap.xml: every live page of the site (with tag and creator pages) and every product."""

from django.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import Sitemap as PageSitemap


class ProductSitemap(Sitemap):
    """Products readers may see, newest change first."""

    def items(self):
        from commerce.models import Product

        return Product.objects.visible().order_by("-updated_at", "pk").only("slug", "updated_at")

    def lastmod(self, product):
        return product.updated_at


SITEMAPS = {"pages": PageSitemap, "products": ProductSitemap}
