"""Which page models are stories, story indexes, and the site's tag and creator indexes.

The page models call the context builders and listing queries (from `get_context` and their
routes), so those cannot import the page models back without an import cycle. Instead
`content.models` hands its page types over here once, when Django loads the app's models
(`register_page_types`), and every module below the page models asks here.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Page


@dataclass(frozen=True)
class PageTypes:
    """The page models by the part they play."""

    # Every page type that is a story (shown in listings, feeds and search). Each has the same
    # reader-facing fields: title, intro, date, hero_image, creator, tags and StreamFields.
    stories: tuple[type[Page], ...]
    # The index page of each story type, in the same order.
    story_indexes: tuple[type[Page], ...]
    # The routable pages of a site that list its tags and its creators.
    tag_index: type[Page]
    creator_index: type[Page]


_registered: list[PageTypes] = []


def register_page_types(types: PageTypes) -> None:
    """Record the page types (called once, by `content.models`)."""
    _registered[:] = [types]


def page_types() -> PageTypes:
    """The page types `content.models` registered.

    Raises:
        ImproperlyConfigured: when asked before Django loaded the models.
    """
    if not _registered:
        raise ImproperlyConfigured("content.models is not loaded yet (call django.setup()).")
    return _registered[0]


def story_page_types() -> tuple[type[Page], ...]:
    """Every story page type, in the order listings show them."""
    return page_types().stories
