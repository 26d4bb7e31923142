"""Whether a story features a product: what a sale's credit rests on.

A story features a product when its published content shows it: picked by hand in a product
block (a card, a carousel, a shoppable image's hotspot, Buy now, Shop the look), or shown by a
carousel of one of the product's tags. Wagtail's reference index already records both (the tag
block records its tag), for the page's saved content, never a draft. So this reads the index, the
same one the storefronts read, rather than the StreamField JSON.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from taggit.models import Tag
from wagtail.models import Page, ReferenceIndex

from commerce.catalogue.models import Product, ProductTag


def story_features(story: Page, product_id: int, block_id: str = "") -> bool:
    """True when the live `story` (its own type) shows the product, in the block `block_id`
    when one is given (anywhere in the story's streams otherwise)."""
    fields = getattr(story, "story_stream_fields", ())
    if not fields:
        return False
    where = Q()
    for field in fields:
        where |= Q(content_path__startswith=f"{field}.{block_id}." if block_id else f"{field}.")
    tag_ids = ProductTag.objects.filter(content_object_id=product_id).values_list(
        "tag_id", flat=True
    )
    shows = Q(
        to_content_type=ContentType.objects.get_for_model(Product), to_object_id=str(product_id)
    ) | Q(
        to_content_type=ContentType.objects.get_for_model(Tag),
        to_object_id__in=[str(tag_id) for tag_id in tag_ids],
    )
    return (
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page), object_id=str(story.pk)
        )
        .filter(where)
        .filter(shows)
        .exists()
    )
