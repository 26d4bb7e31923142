"""Which live stories feature which products, derived from the stories' product blocks."""

from collections.abc import Iterable
from itertools import batched

from django.db import transaction
from wagtail.models import Page

from commerce.catalogue.models import Product
from content.stream_references import collect_references
from search.models import ProductFeature


def featured_product_ids(story: Page) -> list[int]:
    """The ids of the products `story`'s blocks choose by hand, in order of appearance."""
    streams = [getattr(story, name) for name in story.story_stream_fields]
    return collect_references(streams).product_ids


def replace_story_features(story_id: int, story: Page | None) -> set[int]:
    """Record the products the live `story` features (none when it is None: not live).

    Returns:
        The ids of every product whose "featured in" changed or may have: before and after.
    """
    with transaction.atomic():
        rows = ProductFeature.objects.filter(story_id=story_id)
        before = set(rows.values_list("product_id", flat=True))
        rows.delete()
        created = _create_features([story]) if story is not None else []
    return before | {row.product_id for row in created}


def rebuild_all_features(stories: Iterable[Page], batch_size: int = 500) -> int:
    """Replace every feature row with those of `stories` (all live stories); return how many."""
    total = 0
    with transaction.atomic():
        ProductFeature.objects.all().delete()
        for batch in batched(stories, batch_size):
            total += len(_create_features(batch))
    return total


def _create_features(stories: Iterable[Page]) -> list[ProductFeature]:
    wanted = [
        (story, product_id) for story in stories for product_id in featured_product_ids(story)
    ]
    ids = {product_id for _, product_id in wanted}
    existing = (
        set(Product.objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    )
    rows = [
        ProductFeature(
            story_id=story.pk, product_id=product_id, creator_id=getattr(story, "creator_id", None)
        )
        for story, product_id in wanted
        if product_id in existing
    ]
    return ProductFeature.objects.bulk_create(rows, ignore_conflicts=True)
