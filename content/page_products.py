"""Load every product a page's blocks mention in one query, and hand them to the blocks.

A page's `get_context` puts two mappings in the template context: {product id: product} for the
products chosen by hand, and {tag slug: [products]} for carousels that show a tag. Both come from
one product query (plus the fixed prefetches of `for_cards()`), so the number of queries stays the
same whether a story has one product block or thirty, of whatever kinds.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q
from wagtail.blocks import StreamValue

from commerce.catalogue.models import Product, ProductTag
from content.stream_references import StreamReferences, collect_references

CONTEXT_KEY = "page_products"
TAGGED_CONTEXT_KEY = "page_tagged_products"
# A carousel by tag shows at most this many products: the newest ones carrying the tag.
TAGGED_PRODUCTS_LIMIT = 12


def _tag_flag(index: int) -> str:
    return f"carries_page_tag_{index}"


def load_products(
    product_ids: Iterable[int], tags: Iterable[str] = ()
) -> tuple[dict[int, Any], dict[str, list[Any]]]:
    """Return ({id: product}, {tag: newest products with it}) for visible products, in one query.

    Args:
        product_ids: products chosen by hand; missing or inactive ones are left out.
        tags: product tag slugs; each gets up to TAGGED_PRODUCTS_LIMIT of its newest products.
    """
    ids = [product_id for product_id in product_ids if product_id is not None]
    tags = list(dict.fromkeys(tags))
    if not ids and not tags:
        return {}, {}
    wanted = Q(pk__in=ids)
    flags = {}
    for index, tag in enumerate(tags):
        tagged = ProductTag.objects.filter(tag__slug=tag, content_object__is_active=True)
        newest = tagged.order_by("-content_object__created_at", "-content_object_id")
        wanted |= Q(pk__in=newest.values("content_object_id")[:TAGGED_PRODUCTS_LIMIT])
        flags[_tag_flag(index)] = Exists(tagged.filter(content_object=OuterRef("pk")))
    products = list(
        Product.objects.visible()
        .for_cards()
        .filter(wanted)
        .annotate(**flags)
        .order_by("-created_at", "-pk")
    )
    by_id = {product.pk: product for product in products}
    by_tag = {
        tag: [product for product in products if getattr(product, _tag_flag(index))][
            :TAGGED_PRODUCTS_LIMIT
        ]
        for index, tag in enumerate(tags)
    }
    return {product_id: by_id[product_id] for product_id in ids if product_id in by_id}, by_tag


def products_context(references: StreamReferences) -> dict[str, Any]:
    """Return the context entries that let the referring blocks render without queries."""
    by_id, by_tag = load_products(references.product_ids, references.product_tags)
    return {CONTEXT_KEY: by_id, TAGGED_CONTEXT_KEY: by_tag}


def page_products(*streams: StreamValue) -> dict[str, Any]:
    """Return the context entries that let the streams' product blocks render without queries."""
    return products_context(collect_references(streams))


def products_for_block(parent_context: Any, product_ids: list[int]) -> dict[int, Any]:
    """Return the products a block needs: from the page's batch, or loaded now without one."""
    loaded = parent_context.get(CONTEXT_KEY) if parent_context is not None else None
    if loaded is None:
        return load_products(product_ids)[0]
    return loaded


def tagged_products_for_block(parent_context: Any, tag: str) -> list[Any]:
    """Return the newest products carrying `tag`: from the page's batch, or loaded now."""
    loaded = parent_context.get(TAGGED_CONTEXT_KEY) if parent_context is not None else None
    if loaded is None:
        return load_products((), [tag])[1].get(tag, [])
    return loaded.get(tag, [])
