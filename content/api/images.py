"""`/api/v2/images/`: Wagtail's images endpoint, its query parameters checked first."""

from wagtail.images.api.v2.views import ImagesAPIViewSet as WagtailImagesAPIViewSet

from content.api.parameters import CheckedQueryParameters


class ImagesAPIViewSet(CheckedQueryParameters, WagtailImagesAPIViewSet):
    pass
