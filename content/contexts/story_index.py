"""The context of a story index page: its stories, a page at a time, filtered by tag."""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Page

from content.listings import paginate_stories, path_below_site
from content.seo import page_meta


def story_index_context(index: Page, request: HttpRequest) -> dict[str, Any]:
    """The stories below a story index, newest first, a page at a time, `?tag=` to filter."""
    stories = index.story_model.objects.live().public().child_of(index)
    slug = request.GET.get("tag", "")
    tag = Tag.objects.filter(slug=slug).first() if slug else None
    if tag is not None:
        stories = stories.filter(tags__slug=tag.slug)
    page = paginate_stories(stories.order_by("-date", "-pk"), request, index.page_size)
    feed_url = reverse("feeds:index", args=[path_below_site(index).strip("/")])
    return {
        "stories": page,
        "active_tag": tag,
        # The pager's links keep the tag filter.
        "pagination_query": f"&{urlencode({'tag': tag.slug})}" if tag is not None else "",
        "feed_url": feed_url,
        "meta": page_meta(index, request),
    }
