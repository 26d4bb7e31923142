"""The shop in the Wagtail admin (the viewsets live in commerce.shop.admin_views)."""

from typing import Any

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from commerce.shop.actions import (
    PAYOUT_LOG_ACTIONS,
    REFUND_LOG_ACTION,
    SETTLE_LOG_ACTION,
    RefundLogFormatter,
    SettleLogFormatter,
)
from commerce.shop.admin_views.embed_codes import EmbedCodesViewSet
from commerce.shop.admin_views.my_results import CreatorResultsViewSet
from commerce.shop.admin_views.orders import OrderViewSet
from commerce.shop.admin_views.payouts import PayoutsViewSet
from commerce.shop.admin_views.stock import VariantViewSet
from commerce.shop.models import Order
from commerce.shop.permissions import order_permission_policy

register_permission_policy(Order, order_permission_policy)


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


@hooks.register("register_admin_viewset")
def register_payouts_viewset() -> PayoutsViewSet:
    return PayoutsViewSet()


@hooks.register("register_log_actions")
def register_order_log_actions(actions: Any) -> None:
    actions.register_action(REFUND_LOG_ACTION)(RefundLogFormatter)
    actions.register_action(SETTLE_LOG_ACTION)(SettleLogFormatter)
    for action, (label, message) in PAYOUT_LOG_ACTIONS.items():
        actions.register_action(action, label, message)
