"""The home page: the front door that curates stories."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from content.queries import latest_articles


class HomePage(Page):
    """The site's root page: an introduction followed by the latest stories."""

    intro = models.TextField(blank=True, help_text="One or two sentences under the site name.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = latest_articles(within=self, limit=6)
        return context
