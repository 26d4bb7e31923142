"""StreamField blocks for stories. Chooser blocks store ids; the page resolves them in batches."""

from content.blocks.choosers import (
    PageImageChooserBlock,
    ProductChooserBlock,
    ProductTagChoiceBlock,
)
from content.blocks.media import (
    CallToActionBlock,
    GalleryBlock,
    PictureBlock,
    QuoteBlock,
    VideoBlock,
)
from content.blocks.products import (
    BuyNowBlock,
    HotspotBlock,
    ProductCardBlock,
    ProductCarouselBlock,
    ShoppableImageBlock,
    ShopTheLookBlock,
)
from content.blocks.streams import (
    MaterialBlock,
    MaterialsStreamBlock,
    PostMediaStreamBlock,
    StepBlock,
    StepsStreamBlock,
    StoryStreamBlock,
)

__all__ = [
    "BuyNowBlock",
    "CallToActionBlock",
    "GalleryBlock",
    "HotspotBlock",
    "MaterialBlock",
    "MaterialsStreamBlock",
    "PageImageChooserBlock",
    "PictureBlock",
    "PostMediaStreamBlock",
    "ProductCardBlock",
    "ProductCarouselBlock",
    "ProductChooserBlock",
    "ProductTagChoiceBlock",
    "QuoteBlock",
    "ShopTheLookBlock",
    "ShoppableImageBlock",
    "StepBlock",
    "StepsStreamBlock",
    "StoryStreamBlock",
    "VideoBlock",
]
