"""The home page: the front door that curates stories and products."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable, Page

from content.contexts.home import home_context


class HomePage(Page):
    """The site's root: featured stories (editors' picks), trending products, the latest stories."""

    intro = models.TextField(blank=True, help_text="One or two sentences under the site name.")

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("featured_stories", heading="Featured stories", label="Story", max_num=6),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self, request))
        return context


class HomePageFeaturedStory(Orderable):
    """A story the editors put at the top of the home page."""

    page = ParentalKey(HomePage, related_name="featured_stories", on_delete=models.CASCADE)
    story = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", help_text="A story."
    )

    panels = [
        PageChooserPanel(
            "story", ["content.ArticlePage", "content.TutorialPage", "content.CreatorPostPage"]
        )
    ]
