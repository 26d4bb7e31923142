"""The catalogue in the Wagtail admin: products and reviews (the viewsets live in
commerce.catalogue.admin_views)."""

from typing import Any

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from commerce.catalogue.actions import STOCK_LOG_ACTION, StockChangeFormatter
from commerce.catalogue.admin_views.permissions import LimitedActionsPolicy
from commerce.catalogue.admin_views.products import ProductViewSet
from commerce.catalogue.admin_views.reviews import ReviewViewSet
from commerce.catalogue.models import ProductVariant

# Variants are added and removed with their product; the stock listing only edits them.
register_permission_policy(ProductVariant, LimitedActionsPolicy(ProductVariant, ["change"]))

register_snippet(ProductViewSet)
register_snippet(ReviewViewSet)


@hooks.register("register_log_actions")
def register_stock_log_action(actions: Any) -> None:
    actions.register_action(STOCK_LOG_ACTION)(StockChangeFormatter)
