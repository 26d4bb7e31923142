"""Shoppable blocks: each shows live price, stock and rating, and the buying controls.

Product ids come from the page's batch (`content.page_products`); a product that is inactive or
deleted is left out for readers and counted in `missing_products` so previews can warn editors.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.admin.telepath import register
from wagtail.blocks.struct_block import StructBlockAdapter, StructBlockValidationError

from content.api.summaries import product_summary
from content.blocks.choosers import (
    PageImageChooserBlock,
    ProductChooserBlock,
    ProductTagChoiceBlock,
)
from content.page_images import images_for_block
from content.page_products import (
    TAGGED_PRODUCTS_LIMIT,
    products_for_block,
    tagged_products_for_block,
)


def chosen_products(parent_context: Any, product_ids: list[int | None]) -> tuple[list, int]:
    """Return (visible products in the editor's order, how many chosen ones are not visible)."""
    ids = [product_id for product_id in product_ids if product_id]
    loaded = products_for_block(parent_context, ids)
    products = [loaded[product_id] for product_id in ids if product_id in loaded]
    return products, len(ids) - len(products)


def block_image(parent_context: Any, image_id: int | None) -> Any:
    """The block's picture from the page's batch (with renditions), or None without one."""
    return images_for_block(parent_context, [image_id]).get(image_id) if image_id else None


class ProductCardBlock(blocks.StructBlock):
    """One product shown inside the story: image, name, price, stock and rating, linking to it."""

    product = ProductChooserBlock()
    note = blocks.CharBlock(
        required=False, max_length=160, help_text="Optional: why this product is in the story."
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        products, missing = chosen_products(parent_context, [value["product"]])
        context.update(product=products[0] if products else None, missing_products=missing)
        return context

    class Meta:
        icon = "tag"
        template = "content/blocks/product_card.html"
        label = "Product card"


class ProductCarouselBlock(blocks.StructBlock):
    """A row of products to scroll through: picked by hand, or the newest with a tag."""

    heading = blocks.CharBlock(required=False, max_length=120)
    source = blocks.ChoiceBlock(
        choices=[("picked", "Products I pick"), ("tag", "Newest products with a tag")],
        default="picked",
    )
    products = blocks.ListBlock(ProductChooserBlock(), required=False, label="Picked products")
    tag = ProductTagChoiceBlock(required=False, help_text="For carousels by tag.")
    limit = blocks.IntegerBlock(
        min_value=2,
        max_value=TAGGED_PRODUCTS_LIMIT,
        default=6,
        help_text="At most this many products are shown, picked or by tag.",
    )

    def clean(self, value):
        value = super().clean(value)
        picked = [pk for pk in value["products"] if pk]
        if value["source"] == "picked" and not picked:
            raise StructBlockValidationError(
                {"products": ValidationError("Pick at least one product, or show a tag.")}
            )
        if value["source"] == "picked" and len(picked) > value["limit"]:
            raise StructBlockValidationError(
                {
                    "limit": ValidationError(
                        f"You picked {len(picked)} products: raise the limit, or pick fewer."
                    )
                }
            )
        if value["source"] == "tag" and not value["tag"]:
            raise StructBlockValidationError(
                {"tag": ValidationError("Choose the tag whose products to show.")}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        if value["source"] == "tag":
            products = tagged_products_for_block(parent_context, value["tag"])
            missing = 0
        else:
            products, missing = chosen_products(parent_context, list(value["products"]))
        context.update(products=products[: value["limit"]], missing_products=missing)
        return context

    def get_api_representation(self, value, context=None):
        representation = super().get_api_representation(value, context)
        if value["source"] == "tag":
            tagged = tagged_products_for_block(context, value["tag"])
            representation["products"] = [product_summary(product) for product in tagged]
        representation["products"] = representation["products"][: value["limit"]]
        return representation

    class Meta:
        icon = "list-ul"
        template = "content/blocks/product_carousel.html"
        label = "Product carousel"


class HotspotBlock(blocks.StructBlock):
    """A dot on a picture, at a position in percent of its width and height, tied to a product."""

    product = ProductChooserBlock()
    x = blocks.FloatBlock(min_value=0, max_value=100, help_text="From the left edge, 0 to 100 %.")
    y = blocks.FloatBlock(min_value=0, max_value=100, help_text="From the top edge, 0 to 100 %.")
    label = blocks.CharBlock(required=False, max_length=60, help_text="Optional: shown on hover.")

    class Meta:
        icon = "pick"
        label = "Hotspot"


class ShoppableImageBlock(blocks.StructBlock):
    """A photo with hotspots: readers tap a dot to see the product it marks."""

    image = PageImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=200, help_text="What the photo shows, for screen readers."
    )
    caption = blocks.CharBlock(required=False, max_length=200)
    hotspots = blocks.ListBlock(HotspotBlock(), min_num=1, label="Hotspots")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        loaded = products_for_block(parent_context, [spot["product"] for spot in value["hotspots"]])
        spots = [
            {
                "number": number,
                "x": spot["x"],
                "y": spot["y"],
                "label": spot["label"],
                "product": loaded[spot["product"]],
            }
            for number, spot in enumerate(
                (spot for spot in value["hotspots"] if spot["product"] in loaded), start=1
            )
        ]
        context.update(
            image=block_image(parent_context, value["image"]),
            spots=spots,
            missing_products=len(value["hotspots"]) - len(spots),
        )
        return context

    class Meta:
        icon = "image"
        template = "content/blocks/shoppable_image.html"
        label = "Shoppable image"
        form_classname = "struct-block shoppable-image-block"


class ShopTheLookBlock(blocks.StructBlock):
    """A look (one photo) and the products that make it, side by side."""

    heading = blocks.CharBlock(required=False, max_length=120, default="Shop the look")
    image = PageImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=200, help_text="What the photo shows, for screen readers."
    )
    products = blocks.ListBlock(ProductChooserBlock(), min_num=1)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        products, missing = chosen_products(parent_context, list(value["products"]))
        context.update(
            image=block_image(parent_context, value["image"]),
            products=products,
            missing_products=missing,
        )
        return context

    class Meta:
        icon = "image"
        template = "content/blocks/shop_the_look.html"
        label = "Shop the look"


class BuyNowBlock(blocks.StructBlock):
    """An inline button in the flow of the text: the product, its price and the buying controls."""

    product = ProductChooserBlock()
    label = blocks.CharBlock(max_length=60, default="Buy now")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        products, missing = chosen_products(parent_context, [value["product"]])
        context.update(product=products[0] if products else None, missing_products=missing)
        return context

    class Meta:
        icon = "link"
        template = "content/blocks/buy_now.html"
        label = "Buy now button"


class ShoppableImageBlockAdapter(StructBlockAdapter):
    """Adds the click-to-place hotspot editor to the block's form in the admin."""

    js_constructor = "content.blocks.ShoppableImageBlock"

    @cached_property
    def media(self):
        return super().media + forms.Media(
            js=["content/admin/shoppable-image-editor.js"],
            css={"all": ["content/admin/shoppable-image-editor.css"]},
        )


register(ShoppableImageBlockAdapter(), ShoppableImageBlock)
