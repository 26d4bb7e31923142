"""Products as stories feature them: a creator's storefront and the trending products.

"Featured" means chosen by hand in a product block of a live story (tag carousels do not count).
Wagtail's reference index already records which products each page's blocks point to, so these
read it rather than parsing StreamField JSON.
"""

from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, IntegerField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from commerce.catalogue.models import Product
from content.listings import live_stories
from content.page_products import load_products

STOREFRONT_LIMIT = 24
TRENDING_WINDOW = timedelta(days=30)
TRENDING_STORIES = 50


def products_featured_in(story_ids: list[int]) -> list[tuple[int, int]]:
    """(story id, product id) for each product picked by hand in the stories' live content."""
    if not story_ids:
        return []
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(story_id) for story_id in story_ids],
        to_content_type=ContentType.objects.get_for_model(Product),
    ).values_list("object_id", "to_object_id")
    return [(int(story), int(product)) for story, product in references.distinct()]


def featured_products(stories: QuerySet, limit: int = STOREFRONT_LIMIT) -> list[Any]:
    """The visible products featured in `stories` (Page rows), those in the most stories first.

    The database counts the stories per product (GROUP BY over the stories as a subquery) and
    returns the top `limit`; ties go to the newest product.
    """
    story_keys = stories.order_by().annotate(key=Cast("pk", CharField())).values("key")
    visible = Product.objects.visible().annotate(key=Cast("pk", CharField())).values("key")
    ranked = (
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=story_keys,
            to_content_type=ContentType.objects.get_for_model(Product),
            to_object_id__in=visible,
        )
        .values("to_object_id")
        .annotate(
            stories=Count("object_id", distinct=True), product=Cast("to_object_id", IntegerField())
        )
        .order_by("-stories", "-product")
        .values_list("product", flat=True)[:limit]
    )
    product_ids = list(ranked)
    loaded = load_products(product_ids)[0]
    return [loaded[product_id] for product_id in product_ids if product_id in loaded]


def trending_products(limit: int = 8) -> list[Any]:
    """The products trending now, for the home page.

    Trending means: featured in the most of the live stories first published in the last 30 days
    (at most the 50 newest), ties going to the product featured in the newest story. It is
    editorial attention, not sales; the commerce branch can later blend in paid orders here.
    """
    since = timezone.now() - TRENDING_WINDOW
    newest = list(
        live_stories()
        .filter(first_published_at__gte=since)
        .order_by("-first_published_at", "-pk")
        .values_list("pk", flat=True)[:TRENDING_STORIES]
    )
    recency = {story_id: position for position, story_id in enumerate(newest)}
    stories_per_product: dict[int, set[int]] = {}
    for story, product in products_featured_in(newest):
        stories_per_product.setdefault(product, set()).add(story)
    ranked = sorted(
        stories_per_product,
        key=lambda product: (
            -len(stories_per_product[product]),
            min(recency[story] for story in stories_per_product[product]),
        ),
    )[:limit]
    loaded = load_products(ranked)[0]
    return [loaded[product_id] for product_id in ranked if product_id in loaded]
