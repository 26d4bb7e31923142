"""What the home page curates: editors' picks, trending products and the latest per type."""

from typing import Any

from django.http import HttpRequest
from wagtail.models import Page

from content.listings import latest_stories_by_type, live_stories, story_cards
from content.seo import page_meta
from content.storefront import trending_products


def featured_stories(home: Page) -> list[Page]:
    """The live stories the editors picked for `home`, in their order."""
    picked = list(home.featured_stories.values_list("story_id", flat=True))
    if not picked:
        return []
    stories = {story.pk: story for story in story_cards(live_stories().filter(pk__in=picked))}
    return [stories[story_id] for story_id in picked if story_id in stories]


def home_context(home: Page, request: HttpRequest | None) -> dict[str, Any]:
    """The home page's sections, each loaded in a fixed number of queries, and its meta tags."""
    return {
        "featured_stories": featured_stories(home),
        "trending_products": trending_products(),
        "latest_by_type": latest_stories_by_type(home),
        "meta": page_meta(home, request),
    }
