"""Pages in the API, with the products of their blocks resolved in one batch per response.

Products are loaded only when a story's StreamFields are among the fields being serialised,
and then once for the whole listing (or the one page of a detail view), so a listing costs
the same number of queries for 5 stories or 50.
"""

from typing import Any

from rest_framework.serializers import ListSerializer
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.views import PagesAPIViewSet

from content.api.parameters import CheckedQueryParameters
from content.page_products import products_context
from content.page_types import story_page_types
from content.stream_references import collect_references


def _serialised_streams(serializer: Any, pages: list[Any]) -> list[Any]:
    """The StreamField values of `pages` that `serializer` (one page's) will output."""
    names = set(serializer.fields)
    return [
        getattr(page, name)
        for page in pages
        for name in getattr(page, "story_stream_fields", ())
        if name in names
    ]


def _load_products_into(context: dict[str, Any], serializer: Any, pages: list[Any]) -> None:
    streams = _serialised_streams(serializer, pages)
    if streams:
        context.update(products_context(collect_references(streams)))


class StoryPageListSerializer(ListSerializer):
    """A listing: the products of every page's serialised blocks, loaded once."""

    def to_representation(self, data):
        pages = list(data.all() if hasattr(data, "all") else data)
        _load_products_into(self._context, self.child, pages)
        return super().to_representation(pages)


class StoryPageSerializer(PageSerializer):
    """One page; in a detail view it loads its own blocks' products."""

    def to_representation(self, instance):
        if self.parent is None:
            _load_products_into(self._context, self, [instance])
        return super().to_representation(instance)


class StoryPagesAPIViewSet(CheckedQueryParameters, PagesAPIViewSet):
    base_serializer_class = StoryPageSerializer

    def get_serializer_class(self):
        # Wagtail builds the serializer (and its Meta) per request for the fields asked for.
        serializer_class = super().get_serializer_class()
        serializer_class.Meta.list_serializer_class = StoryPageListSerializer
        return serializer_class

    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.model in story_page_types():
            # `creator_name`, `tag_names`, `hero_image` and the locale meta field read these:
            # load them for the whole listing at once.
            queryset = queryset.select_related("creator", "hero_image", "locale")
            queryset = queryset.prefetch_related("tags")
        return queryset
