"""Chooser blocks that store ids; the page loads what they point to in one batch per page.

A stock chooser block turns its id into a model instance when the stream is read, one query per
block type. These keep the id, so `content.page_products` and `content.page_images` can load every
product and image a page mentions, whatever the mix of blocks, in a fixed number of queries.
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import Model
from taggit.models import Tag
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from content.api.summaries import product_summary
from content.page_products import products_for_block


def _to_id(value: Any) -> int | None:
    if isinstance(value, Model):
        return value.pk
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class IdChooserMixin:
    """Keep the chosen object's id as the block's value (forms and widgets accept ids too)."""

    target_model: Any

    def to_python(self, value: Any) -> int | None:
        return _to_id(value)

    def bulk_to_python(self, values: Any) -> list[int | None]:
        return [_to_id(value) for value in values]

    def normalize(self, value: Any) -> int | None:
        return _to_id(value)

    def value_from_form(self, value: Any) -> int | None:
        return _to_id(value)

    def get_prep_value(self, value: Any) -> int | None:
        return _to_id(value)

    def extract_references(self, value: Any) -> Iterator[tuple[Any, str, str, str]]:
        if value is not None:
            yield self.target_model, str(value), "", ""


class ProductChooserBlock(IdChooserMixin, SnippetChooserBlock):
    """Chooses a product and stores its id; `content.page_products` resolves it."""

    reference_kind = "product"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("catalogue.Product", **kwargs)

    def get_api_representation(self, value: Any, context: Any = None) -> dict | None:
        product = products_for_block(context, [value]).get(value)
        return product_summary(product) if product else None

    class Meta:
        icon = "tag"


class PageImageChooserBlock(IdChooserMixin, ImageChooserBlock):
    """Chooses an image and stores its id; `content.page_images` resolves it with renditions."""

    reference_kind = "image"

    def get_api_representation(self, value: Any, context: Any = None) -> int | None:
        return value

    class Meta:
        icon = "image"


def product_tag_choices() -> list[tuple[str, str]]:
    """The tags that at least one product carries, for carousels that pick products by tag."""
    tags = Tag.objects.filter(catalogue_producttag_items__isnull=False).distinct().order_by("name")
    return [(tag.slug, tag.name) for tag in tags]


class ProductTagChoiceBlock(blocks.ChoiceBlock):
    """Chooses a product tag by slug; `content.page_products` loads that tag's products.

    The choices are read from the database only when the form is shown: reading a stored value
    keeps the slug as it is, so rendering a page never queries the tag list.
    """

    reference_kind = "tag"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=product_tag_choices, **kwargs)

    def to_python(self, value: Any) -> str:
        return str(value or "")

    def normalize(self, value: Any) -> str:
        return str(value or "")

    def get_searchable_content(self, value: Any) -> list[str]:
        return []

    def extract_references(self, value: Any) -> Iterator[tuple[type[Tag], str, str, str]]:
        """Record the tag in Wagtail's reference index, so a story is known to feature the
        products its carousels show by tag (`content.featuring`)."""
        if value:
            for tag_id in Tag.objects.filter(slug=value).values_list("pk", flat=True):
                yield Tag, str(tag_id), "", ""

    def deconstruct(self) -> tuple[str, list, dict]:
        # The choices come from the database, so they are never frozen into a migration.
        kwargs = {k: v for k, v in self._constructor_kwargs.items() if k != "choices"}
        return ("content.blocks.ProductTagChoiceBlock", [], kwargs)
