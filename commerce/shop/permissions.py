"""Who may do what with orders: only the shop's own actions, each with its model permission."""

from commerce.catalogue.admin_views.permissions import LimitedActionsPolicy
from commerce.shop.models import Order

# View orders; refund them (`refund_order`); settle by hand one that needs attention
# (`settle_order`). Orders are never added, edited or deleted in the admin.
ORDER_ACTIONS = ("view", "refund", "settle")

order_permission_policy = LimitedActionsPolicy(Order, ORDER_ACTIONS)
