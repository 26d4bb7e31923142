"""Articles: editorial stories whose body can carry products."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from content.blocks import StoryStreamBlock
from content.models.stories import StoryIndexPage, StoryPage


class ArticleIndexPage(StoryIndexPage):
    """Lists the articles below it, newest first, a page at a time."""

    subpage_types = ["content.ArticlePage"]
    template = "content/story_index_page.html"

    @property
    def story_model(self):
        return ArticlePage


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(StoryPage):
    """An editorial story whose body can carry products."""

    body = StreamField(StoryStreamBlock(), blank=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)

    content_panels = [*StoryPage.header_panels, FieldPanel("body")]
    parent_page_types = ["content.ArticleIndexPage"]
    story_type_label = "Article"
