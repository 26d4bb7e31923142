"""The API router mounted at /api/v2/."""

from wagtail.api.v2.router import WagtailAPIRouter

from content.api.images import ImagesAPIViewSet
from content.api.pages import StoryPagesAPIViewSet
from content.api.products import ProductsAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", StoryPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("products", ProductsAPIViewSet)
