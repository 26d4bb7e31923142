"""Pages that gather stories across types: by tag, and by creator."""

from django.db import models
from django.http import Http404
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from content.contexts.discovery import (
    creator_index_context,
    creator_page_context,
    tag_index_context,
    tag_page_context,
)
from content.listings import tag_cloud
from storyshop.creators.models import CreatorProfile


class TagIndexPage(RoutablePageMixin, Page):
    """`/tags/`: the tags in use; `/tags/<tag>/`: the stories and products sharing that tag."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    # One per site: each site has one home page, the only parent allowed.
    max_count_per_parent = 1

    @path("")
    def all_tags(self, request):
        return self.render(request, context_overrides=tag_index_context(self, request))

    # Tag slugs keep Unicode ("café"), so the route takes any text; reverse() quotes it.
    @path("<str:tag>/", name="tag")
    def tag(self, request, tag):
        context = tag_page_context(self, request, tag)
        if context is None:
            raise Http404("No story or product carries this tag.")
        return self.render(request, context_overrides=context, template="content/tag_page.html")

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        return urls + [
            {"location": base + self.reverse_subpage("tag", args=[tag.slug]).lstrip("/")}
            for tag in tag_cloud(self)
        ]


class CreatorIndexPage(RoutablePageMixin, Page):
    """`/creators/`: the creators; `/creators/<slug>/`: one creator's stories and storefront."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    # One per site: each site has one home page, the only parent allowed.
    max_count_per_parent = 1

    @path("")
    def all_creators(self, request):
        return self.render(request, context_overrides=creator_index_context(self, request))

    @path("<slug:slug>/", name="creator")
    def creator(self, request, slug):
        context = creator_page_context(self, request, slug)
        if context is None:
            raise Http404("No such creator.")
        return self.render(request, context_overrides=context, template="content/creator_page.html")

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        return urls + [
            {"location": base + self.reverse_subpage("creator", args=[slug]).lstrip("/")}
            for slug in CreatorProfile.objects.live().values_list("slug", flat=True)
        ]
