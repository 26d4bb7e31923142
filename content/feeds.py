"""RSS feeds: one per story index (`/feeds/<index path>/`), one per tag (`/feeds/tags/<tag>/`)."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from taggit.models import Tag
from wagtail.models import Page, Site

from content.queries import live_stories, story_cards, tagged_with

FEED_SIZE = 20


class StoryFeed(Feed):
    """Fields shared by the story feeds: each item is a story with its intro and date."""

    def item_title(self, item: Page) -> str:
        return item.title

    def item_description(self, item: Page) -> str:
        return item.intro

    def item_link(self, item: Page) -> str:
        # Relative links are made absolute by the feed, for the host it was asked on.
        return item.get_url()

    def item_pubdate(self, item: Page):
        return item.first_published_at

    def item_author_name(self, item: Page) -> str:
        return item.creator.name if item.creator else ""


class StoryIndexFeed(StoryFeed):
    """The newest stories of one index page."""

    def get_object(self, request: HttpRequest, path: str) -> Page:
        from content.models import STORY_INDEX_PAGE_TYPES

        site = Site.find_for_request(request)
        if site is None:
            raise Http404("No site here.")
        url_path = f"{site.root_page.url_path}{path.strip('/')}/"
        index = get_object_or_404(Page.objects.live().public(), url_path=url_path).specific
        if not isinstance(index, STORY_INDEX_PAGE_TYPES):
            raise Http404("Not a story index.")
        return index

    def title(self, obj: Any) -> str:
        return obj.title

    def link(self, obj: Any) -> str:
        return obj.get_url()

    def description(self, obj: Any) -> str:
        return obj.intro or obj.title

    def items(self, obj: Any) -> list[Page]:
        stories = obj.story_model.objects.live().public().child_of(obj)
        return list(stories.select_related("creator").order_by("-date", "-pk")[:FEED_SIZE])


class TagFeed(StoryFeed):
    """The newest stories of every type carrying a tag."""

    def get_object(self, request: HttpRequest, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj: Tag) -> str:
        return f"Stories tagged {obj.name}"

    def link(self, obj: Tag) -> str:
        return "/"

    def description(self, obj: Tag) -> str:
        return f"The newest stories about {obj.name}."

    def items(self, obj: Tag) -> list[Page]:
        return story_cards(tagged_with(live_stories(), [obj.slug])[:FEED_SIZE])
