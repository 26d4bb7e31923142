"""Pages in the API, with every product block of a story resolved in one batch per page."""

from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.views import PagesAPIViewSet

from content.page_products import page_products


class StoryPageSerializer(PageSerializer):
    """Loads a story's products once, so its product blocks serialise without more queries."""

    def to_representation(self, instance):
        stream_fields = getattr(instance, "story_stream_fields", ())
        if stream_fields:
            self.context.update(page_products(*(getattr(instance, name) for name in stream_fields)))
        return super().to_representation(instance)


class StoryPagesAPIViewSet(PagesAPIViewSet):
    base_serializer_class = StoryPageSerializer
