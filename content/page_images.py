"""Load every image a page shows (hero, avatar, blocks) in one query, with its renditions.

Image blocks store image ids (`PageImageChooserBlock`); the page loads all of them at once with the
renditions its templates use, so pictures cost two queries per page whatever the blocks.
"""

from collections.abc import Iterable
from typing import Any

from wagtail.images import get_image_model

from content.renditions import STORY_RENDITIONS

CONTEXT_KEY = "page_images"


def load_images(image_ids: Iterable[int | None]) -> dict[int, Any]:
    """Return {id: image} with the story renditions prefetched (two queries; none for no ids)."""
    ids = list(dict.fromkeys(image_id for image_id in image_ids if image_id))
    if not ids:
        return {}
    return get_image_model().objects.prefetch_renditions(*STORY_RENDITIONS).in_bulk(ids)


def images_for_block(parent_context: Any, image_ids: list[int | None]) -> dict[int, Any]:
    """Return the images a block needs: from the page's batch, or loaded now without one."""
    loaded = parent_context.get(CONTEXT_KEY) if parent_context is not None else None
    if loaded is None:
        return load_images(image_ids)
    return loaded
