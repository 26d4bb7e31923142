"""RSS feeds: one per story index (`/feeds/<index path>/`), one per tag (`/feeds/tags/<tag>/`)."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Page, Site

from content.listings import live_stories, site_page, story_cards, tag_page_url, tagged_with
from content.page_types import page_types
from storyshop.links import absolute, site_root_url

FEED_SIZE = 20


@dataclass(frozen=True)
class FeedSource:
    """What a feed shows: its channel (absolute URLs at the Site's root URL) and its stories."""

    title: str
    description: str
    link: str
    feed_url: str
    stories: list[Page]


class StoryFeed(Feed):
    """A channel of stories: each item is a story with its intro and date."""

    def title(self, obj: FeedSource) -> str:
        return obj.title

    def link(self, obj: FeedSource) -> str:
        return obj.link

    def feed_url(self, obj: FeedSource) -> str:
        return obj.feed_url

    def description(self, obj: FeedSource) -> str:
        return obj.description

    def items(self, obj: FeedSource) -> list[Page]:
        return obj.stories

    def item_title(self, item: Page) -> str:
        return item.title

    def item_description(self, item: Page) -> str:
        return item.intro

    def item_link(self, item: Page) -> str:
        return item.get_full_url()

    def item_pubdate(self, item: Page):
        return item.first_published_at

    def item_author_name(self, item: Page) -> str:
        return item.creator.name if item.creator else ""


def _site(request: HttpRequest) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site here.")
    return site


class StoryIndexFeed(StoryFeed):
    """The newest stories of one index page."""

    def get_object(self, request: HttpRequest, path: str) -> FeedSource:
        url_path = f"{_site(request).root_page.url_path}{path.strip('/')}/"
        index = get_object_or_404(Page.objects.live().public(), url_path=url_path).specific
        if not isinstance(index, page_types().story_indexes):
            raise Http404("Not a story index.")
        stories = index.story_model.objects.live().public().child_of(index)
        return FeedSource(
            title=index.title,
            description=index.intro or index.title,
            link=index.get_full_url(request),
            feed_url=site_root_url(request) + reverse("feeds:index", args=[path.strip("/")]),
            stories=list(stories.select_related("creator").order_by("-date", "-pk")[:FEED_SIZE]),
        )


class TagFeed(StoryFeed):
    """The newest stories of every type on the site carrying a tag."""

    def get_object(self, request: HttpRequest, slug: str) -> FeedSource:
        tag = get_object_or_404(Tag, slug=slug)
        home = _site(request).root_page
        tag_url = tag_page_url(site_page(home, page_types().tag_index), tag.slug)
        stories = tagged_with(live_stories().descendant_of(home, inclusive=True), [tag.slug])
        return FeedSource(
            title=f"Stories tagged {tag.name}",
            description=f"The newest stories about {tag.name}.",
            link=absolute(request, tag_url or "/"),
            feed_url=site_root_url(request) + reverse("feeds:tag", args=[tag.slug]),
            stories=story_cards(stories[:FEED_SIZE]),
        )
