"""Load every product a page's blocks mention in one query, and hand them to the blocks.

A page's `get_context` calls `page_products(stream)`, which puts a {product id: product}
mapping in the template context. Product blocks read it from their parent context, so the
number of queries stays the same whether a story has one product card or thirty.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from wagtail import blocks
from wagtail.blocks import StreamValue

CONTEXT_KEY = "page_products"


def _product_ids_in(block: blocks.Block, value: Any) -> Iterator[int]:
    # Local import: content.blocks imports this module.
    from content.blocks import ProductChooserBlock

    if value is None:
        return
    if isinstance(block, ProductChooserBlock):
        yield value
    elif isinstance(block, blocks.BaseStreamBlock):
        for child in value:
            yield from _product_ids_in(child.block, child.value)
    elif isinstance(value, blocks.StructValue):
        for name, child_block in block.child_blocks.items():
            yield from _product_ids_in(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _product_ids_in(block.child_block, item)


def product_ids_in_stream(stream: StreamValue) -> list[int]:
    """Return the distinct product ids mentioned anywhere in `stream`, in order of appearance."""
    return list(dict.fromkeys(_product_ids_in(stream.stream_block, stream)))


def load_products(product_ids: Iterable[int]) -> dict[int, Any]:
    """Return {id: product} for the visible products among `product_ids`, ready for cards."""
    from commerce.models import Product

    ids = [product_id for product_id in product_ids if product_id is not None]
    if not ids:
        return {}
    return Product.objects.visible().for_cards().in_bulk(ids)


def page_products(stream: StreamValue) -> dict[str, dict[int, Any]]:
    """Return the context entry that lets the stream's product blocks render without queries."""
    return {CONTEXT_KEY: load_products(product_ids_in_stream(stream))}


def products_for_block(parent_context: Any, product_ids: list[int]) -> dict[int, Any]:
    """Return the products a block needs: from the page's batch, or loaded now without one."""
    loaded = parent_context.get(CONTEXT_KEY) if parent_context is not None else None
    if loaded is None:
        return load_products(product_ids)
    return loaded
