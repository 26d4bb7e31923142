"""Tutorials: numbered steps, each with text, a picture and the products it uses."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from content.blocks import MaterialsStreamBlock, StepsStreamBlock, StoryStreamBlock
from content.models.stories import StoryIndexPage, StoryPage


class TutorialIndexPage(StoryIndexPage):
    """Lists the tutorials below it, newest first, a page at a time."""

    subpage_types = ["content.TutorialPage"]
    template = "content/story_index_page.html"

    @property
    def story_model(self):
        return TutorialPage


class TutorialPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.TutorialPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class TutorialPage(StoryPage):
    """A how-to: what you need (products), then numbered steps."""

    class Difficulty(models.TextChoices):
        EASY = "easy", "Easy"
        MEDIUM = "medium", "Takes some practice"
        HARD = "hard", "For the experienced"

    difficulty = models.CharField(max_length=10, choices=Difficulty, default=Difficulty.EASY)
    duration_minutes = models.PositiveIntegerField(
        "Time (minutes)",
        validators=[MinValueValidator(1), MaxValueValidator(60 * 24 * 30)],
        help_text="How long the whole tutorial takes, in minutes.",
    )
    materials = StreamField(MaterialsStreamBlock(), blank=True, help_text="Products it needs.")
    steps = StreamField(StepsStreamBlock(), help_text="The steps, in order; they are numbered.")
    body = StreamField(StoryStreamBlock(), blank=True, help_text="Anything after the steps.")
    tags = ClusterTaggableManager(through=TutorialPageTag, blank=True)

    content_panels = [
        *StoryPage.header_panels,
        FieldRowPanel([FieldPanel("difficulty"), FieldPanel("duration_minutes")], heading="Effort"),
        FieldPanel("materials"),
        FieldPanel("steps"),
        FieldPanel("body"),
    ]
    search_fields = [*StoryPage.search_fields, index.SearchField("steps")]
    api_fields = [
        *StoryPage.api_fields,
        APIField("difficulty"),
        APIField("duration_minutes"),
        APIField("materials"),
        APIField("steps"),
    ]
    parent_page_types = ["content.TutorialIndexPage"]
    story_stream_fields = ("materials", "steps", "body")
    card_template = "content/cards/tutorial_card.html"
    story_type_label = "Tutorial"
    is_howto = True
