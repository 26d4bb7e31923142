"""Creator posts: short, entertaining posts by a creator: a video or a gallery, and products."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from content.blocks import PostMediaStreamBlock, StoryStreamBlock
from content.forms import CreatorPostPageForm
from content.models.stories import StoryIndexPage, StoryPage


class CreatorPostIndexPage(StoryIndexPage):
    """Lists creators' posts; creators may add posts here (they go to the editors for approval)."""

    subpage_types = ["content.CreatorPostPage"]
    template = "content/story_index_page.html"

    @property
    def story_model(self):
        return CreatorPostPage


class CreatorPostPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.CreatorPostPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class CreatorPostPage(StoryPage):
    """A short post by a creator: one video or one gallery, a caption and the products in it."""

    media = StreamField(
        PostMediaStreamBlock(), blank=True, help_text="One video, or one gallery of pictures."
    )
    caption = models.TextField(blank=True, max_length=2200, help_text="The words of the post.")
    body = StreamField(StoryStreamBlock(), blank=True, verbose_name="Products and more")
    tags = ClusterTaggableManager(through=CreatorPostPageTag, blank=True)

    base_form_class = CreatorPostPageForm
    content_panels = [
        *StoryPage.header_panels,
        FieldPanel("media"),
        FieldPanel("caption"),
        FieldPanel("body"),
    ]
    search_fields = [*StoryPage.search_fields, index.SearchField("caption")]
    api_fields = [*StoryPage.api_fields, APIField("media"), APIField("caption")]
    parent_page_types = ["content.CreatorPostIndexPage"]
    story_stream_fields = ("media", "body")
    card_template = "content/cards/creator_post_card.html"
    story_type_label = "Creator post"
