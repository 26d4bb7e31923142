"""Listing queries for stories; each returns a queryset ready to render without more queries."""

from django.db.models import Prefetch, QuerySet
from wagtail.images import get_image_model
from wagtail.models import Page

LISTING_IMAGE_RENDITIONS = ("fill-640x400",)


def with_listing_images(queryset: QuerySet) -> QuerySet:
    """Prefetch each page's hero image and its listing rendition in two queries."""
    images = get_image_model().objects.prefetch_renditions(*LISTING_IMAGE_RENDITIONS)
    return queryset.prefetch_related(Prefetch("hero_image", queryset=images))


def latest_articles(within: Page, limit: int) -> QuerySet:
    """Return the newest live, public articles below `within`."""
    from content.models import ArticlePage

    articles = ArticlePage.objects.live().public().descendant_of(within)
    return with_listing_images(articles.order_by("-date", "-pk"))[:limit]
