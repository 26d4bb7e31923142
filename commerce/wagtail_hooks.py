"""The shop in the Wagtail admin (the viewsets live in commerce.admin_views)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from commerce.admin_views.catalogue import ProductViewSet, ReviewViewSet, VariantViewSet
from commerce.admin_views.creator_results import CreatorResultsViewSet
from commerce.admin_views.embed_codes import EmbedCodesViewSet
from commerce.admin_views.orders import OrderViewSet, order_permission_policy
from commerce.admin_views.permissions import LimitedActionsPolicy
from commerce.models import Order, ProductVariant

# Variants are added and removed with their product; the stock listing only edits them.
register_permission_policy(ProductVariant, LimitedActionsPolicy(ProductVariant, ["change"]))
register_permission_policy(Order, order_permission_policy)

register_snippet(ProductViewSet)
register_snippet(ReviewViewSet)


@hooks.register("register_admin_viewset")
def register_stock_viewset() -> VariantViewSet:
    return VariantViewSet()


@hooks.register("register_admin_viewset")
def register_order_viewset() -> OrderViewSet:
    return OrderViewSet()


@hooks.register("register_admin_viewset")
def register_creator_results_viewset() -> CreatorResultsViewSet:
    return CreatorResultsViewSet()


@hooks.register("register_admin_viewset")
def register_embed_codes_viewset() -> EmbedCodesViewSet:
    return EmbedCodesViewSet()
