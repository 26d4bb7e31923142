"""Story page types: declarations only; behaviour lives in queries and page_products."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from content.blocks import StoryStreamBlock
from content.creators import CreatorProfile
from content.page_products import page_products
from content.queries import with_listing_images

__all__ = ["STORY_PAGE_TYPES", "ArticleIndexPage", "ArticlePage", "CreatorProfile"]


class ArticleIndexPage(Page):
    """Lists the articles below it, newest first, a page at a time."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["content.ArticlePage"]
    page_size = 12

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = with_listing_images(
            ArticlePage.objects.live().public().child_of(self).order_by("-date", "-pk")
        )
        context["articles"] = Paginator(articles, self.page_size).get_page(request.GET.get("page"))
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(Page):
    """An editorial story whose body can carry products."""

    date = models.DateField("Publish date", default=timezone.localdate)
    intro = models.TextField(help_text="A short summary, shown on listings and share cards.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(StoryStreamBlock(), blank=True)
    creator = models.ForeignKey(
        CreatorProfile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The creator behind the story; empty for the editors' own stories.",
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("creator"),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["content.ArticleIndexPage"]
    subpage_types: list[str] = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_products(self.body))
        return context


# Every page type that is a story (shown in listings, feeds and search). Each has the same
# reader-facing fields: title, intro, date, hero_image, creator, tags and a StreamField body.
STORY_PAGE_TYPES: tuple[type[Page], ...] = (ArticlePage,)
