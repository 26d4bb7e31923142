"""The StreamField bodies of the story page types."""

from wagtail import blocks

from content.blocks.choosers import PageImageChooserBlock, ProductChooserBlock
from content.blocks.media import (
    CallToActionBlock,
    GalleryBlock,
    PictureBlock,
    QuoteBlock,
    VideoBlock,
)
from content.blocks.products import (
    BuyNowBlock,
    ProductCardBlock,
    ProductCarouselBlock,
    ShoppableImageBlock,
    ShopTheLookBlock,
    block_image,
    chosen_products,
)


class StoryStreamBlock(blocks.StreamBlock):
    """The body of a story: prose, pictures and the products that belong to it."""

    paragraph = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote"]
    )
    image = PictureBlock()
    video = VideoBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    product_card = ProductCardBlock()
    product_carousel = ProductCarouselBlock()
    shoppable_image = ShoppableImageBlock()
    shop_the_look = ShopTheLookBlock()
    buy_now = BuyNowBlock()


class MaterialBlock(blocks.StructBlock):
    """Something a tutorial needs, sold in the shop, and how much of it."""

    product = ProductChooserBlock()
    amount = blocks.CharBlock(required=False, max_length=60, help_text='e.g. "200 g" or "1 pair".')

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        products, missing = chosen_products(parent_context, [value["product"]])
        context.update(product=products[0] if products else None, missing_products=missing)
        return context

    class Meta:
        icon = "tag"
        template = "content/blocks/material.html"
        label = "Material"


class MaterialsStreamBlock(blocks.StreamBlock):
    """What a tutorial needs: products from the shop."""

    material = MaterialBlock()


class StepBlock(blocks.StructBlock):
    """One numbered step of a tutorial: what to do, a picture, and the products it uses."""

    title = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])
    image = PageImageChooserBlock(required=False)
    products = blocks.ListBlock(ProductChooserBlock(), required=False, default=[])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        products, missing = chosen_products(parent_context, list(value["products"]))
        context.update(
            products=products,
            missing_products=missing,
            image=block_image(parent_context, value["image"]),
        )
        return context

    class Meta:
        icon = "list-ol"
        template = "content/blocks/step.html"
        label = "Step"


class StepsStreamBlock(blocks.StreamBlock):
    """A tutorial's numbered steps, in order."""

    step = StepBlock()


class PostMediaStreamBlock(blocks.StreamBlock):
    """What a creator post shows first: one video, or one gallery of pictures."""

    video = VideoBlock()
    gallery = GalleryBlock()

    class Meta:
        max_num = 1
