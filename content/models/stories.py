"""What every story type shares: reader-facing fields, panels, search fields and context."""

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from content.contexts.story import story_context
from content.contexts.story_index import story_index_context
from content.forms import StoryPageForm
from storyshop.creators.models import CreatorProfile


class StoryPage(Page):
    """Abstract base of the story page types (registered in `content.page_types`)."""

    date = models.DateField("Publish date", default=timezone.localdate)
    intro = models.TextField(help_text="A short summary, shown on listings and share cards.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    creator = models.ForeignKey(
        CreatorProfile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The creator behind the story; empty for the editors' own stories.",
    )

    base_form_class = StoryPageForm
    # The StreamFields whose blocks the page renders, in order; their products and images are
    # loaded in one batch per page.
    story_stream_fields: tuple[str, ...] = ("body",)
    # The listing card of this type (home page, indexes, tag and creator pages).
    card_template = "content/cards/story_card.html"
    story_type_label = "Story"
    # Whether search engines also get this story as a schema.org HowTo (tutorials).
    is_howto = False

    header_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("creator"), FieldPanel("tags")], heading="About"
        ),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("creator", [index.SearchField("name")]),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("date"),
        APIField("intro"),
        APIField("hero_image"),
        APIField("creator_name"),
        APIField("tag_names"),
        APIField("body"),
    ]
    subpage_types: list[str] = []

    class Meta:
        abstract = True

    @property
    def creator_name(self) -> str:
        return self.creator.name if self.creator is not None else ""

    @property
    def tag_names(self) -> list[str]:
        return [tag.name for tag in self.tags.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(story_context(self, request))
        return context


class StoryIndexPage(Page):
    """Abstract base of the index pages: lists one story type, newest first, with tag filtering."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    page_size = 12

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(story_index_context(self, request))
        return context
