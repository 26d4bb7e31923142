"""StreamField blocks for stories. Product blocks store product ids; the page resolves them."""

from typing import Any

from django.db.models import Model
from wagtail import blocks
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from content.page_products import products_for_block


class ProductChooserBlock(SnippetChooserBlock):
    """Chooses a product and stores its id.

    The value is the product id rather than the product itself, so that a page can load every
    product its blocks mention in one query (see `content.page_products`) instead of one query per
    block type.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("commerce.Product", **kwargs)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, Model):
            return value.pk
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def bulk_to_python(self, values: Any) -> list[int | None]:
        return [self.to_python(value) for value in values]

    def normalize(self, value: Any) -> int | None:
        return self.to_python(value)

    def value_from_form(self, value: Any) -> int | None:
        return self.to_python(value)

    def get_prep_value(self, value: Any) -> int | None:
        return self.to_python(value)

    def extract_references(self, value: Any):
        if value is not None:
            yield self.target_model, str(value), "", ""

    def get_api_representation(self, value: Any, context: Any = None) -> int | None:
        return value

    class Meta:
        icon = "tag"


class ProductCardBlock(blocks.StructBlock):
    """One product shown inside the story: image, name, price and stock, linking to it."""

    product = ProductChooserBlock()
    note = blocks.CharBlock(
        required=False, max_length=160, help_text="Optional: why this product is in the story."
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["product"] = products_for_block(parent_context, [value["product"]]).get(
            value["product"]
        )
        return context

    class Meta:
        icon = "tag"
        template = "content/blocks/product_card.html"
        label = "Product card"


class StoryStreamBlock(blocks.StreamBlock):
    """The body of a story: prose, pictures and the products that belong to it."""

    paragraph = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote"]
    )
    image = ImageBlock(template="content/blocks/image.html")
    product_card = ProductCardBlock()
