"""Find what a page's StreamFields point to (products, product tags, images) in one walk."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from wagtail import blocks
from wagtail.blocks import StreamValue

# What a chooser block's `reference_kind` may say it points to (see `content.blocks.choosers`).
REFERENCE_KINDS = ("product", "tag", "image")


@dataclass
class StreamReferences:
    """The distinct ids and tags a page's blocks mention, in order of appearance."""

    product_ids: list[int] = field(default_factory=list)
    product_tags: list[str] = field(default_factory=list)
    image_ids: list[int] = field(default_factory=list)


def _chosen_values(block: blocks.Block, value: Any) -> Iterator[tuple[blocks.Block, Any]]:
    if value is None:
        return
    if getattr(block, "reference_kind", None) in REFERENCE_KINDS:
        yield block, value
    elif isinstance(block, blocks.BaseStreamBlock):
        for child in value:
            yield from _chosen_values(child.block, child.value)
    elif isinstance(block, blocks.BaseStructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _chosen_values(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _chosen_values(block.child_block, item)


def collect_references(streams: Iterable[StreamValue]) -> StreamReferences:
    """Return every product id, product tag and image id mentioned anywhere in `streams`."""
    products: dict[int, None] = {}
    tags: dict[str, None] = {}
    images: dict[int, None] = {}
    targets: dict[str, dict[Any, None]] = {"product": products, "tag": tags, "image": images}
    for stream in streams:
        for block, value in _chosen_values(stream.stream_block, stream):
            if value:
                targets[block.reference_kind][value] = None
    return StreamReferences(list(products), list(tags), list(images))
