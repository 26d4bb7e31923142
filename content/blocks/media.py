"""The ordinary story blocks: pictures, video, quotes and calls to action."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock

from content.blocks.choosers import PageImageChooserBlock
from content.page_images import images_for_block


class PictureBlock(blocks.StructBlock):
    """A picture with alt text and an optional caption (stored like Wagtail's ImageBlock)."""

    image = PageImageChooserBlock()
    decorative = blocks.BooleanBlock(required=False, label="Image is decorative")
    alt_text = blocks.CharBlock(required=False, max_length=200)
    caption = blocks.CharBlock(required=False, max_length=200)

    def clean(self, value):
        value = super().clean(value)
        if not value["decorative"] and not value["alt_text"]:
            raise StructBlockValidationError(
                {"alt_text": ValidationError("Describe the picture, or mark it as decorative.")}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        image_id = value["image"]
        context["image"] = images_for_block(parent_context, [image_id]).get(image_id)
        return context

    class Meta:
        icon = "image"
        template = "content/blocks/image.html"
        label = "Image"


class GalleryBlock(blocks.StructBlock):
    """A few pictures shown as a swipeable gallery."""

    pictures = blocks.ListBlock(PictureBlock(), min_num=2, max_num=12)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        loaded = images_for_block(
            parent_context, [picture["image"] for picture in value["pictures"]]
        )
        context["pictures"] = [
            {
                "image": loaded[picture["image"]],
                "alt_text": picture["alt_text"],
                "caption": picture["caption"],
            }
            for picture in value["pictures"]
            if picture["image"] in loaded
        ]
        return context

    class Meta:
        icon = "image"
        template = "content/blocks/gallery.html"
        label = "Image gallery"


class VideoBlock(blocks.StructBlock):
    """A video from YouTube, Vimeo or TikTok, embedded by its URL."""

    video = EmbedBlock(help_text="The video's address, e.g. https://www.youtube.com/watch?v=…")
    caption = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "media"
        template = "content/blocks/video.html"
        label = "Video"


class QuoteBlock(blocks.StructBlock):
    """A pull quote with who said it."""

    text = blocks.TextBlock(max_length=500)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "content/blocks/quote.html"
        label = "Quote"


class CallToActionBlock(blocks.StructBlock):
    """A short pitch with one button, to a page of the site or another address."""

    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    button_label = blocks.CharBlock(max_length=40)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, label="Or an address")

    def clean(self, value):
        value = super().clean(value)
        if bool(value["page"]) == bool(value["url"]):
            raise StructBlockValidationError(
                {
                    "page": ValidationError(
                        "Link the button to a page or to an address (one of them)."
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["href"] = call_to_action_href(value)
        return context

    class Meta:
        icon = "pick"
        template = "content/blocks/call_to_action.html"
        label = "Call to action"


def call_to_action_href(value) -> str:
    """Where the button leads: its address, or its page while that is live; "" hides it.

    A chosen page that was deleted reads as None, an unpublished one is not live: readers get
    no button rather than a link to nowhere.
    """
    if value["url"]:
        return value["url"]
    page = value["page"]
    if page is None or not page.live:
        return ""
    return page.url or ""
