"""The shop's models, one concern per module."""

from commerce.shop.models.clicks import ReferralClick
from commerce.shop.models.demo import DemoCheckout
from commerce.shop.models.ledger import CommissionEntry, Payout, PayoutAccount, PayoutItem
from commerce.shop.models.orders import Order, OrderLine, OrderStatusChange
from commerce.shop.models.payments import PaymentEvent, Refund, RefundLine
from commerce.shop.models.reviews import ReviewedPurchase
from commerce.shop.models.settings import ShopSettings
from commerce.shop.models.stock import HoldLock, StockReservation

__all__ = [
    "CommissionEntry",
    "DemoCheckout",
    "HoldLock",
    "Order",
    "OrderLine",
    "OrderStatusChange",
    "PaymentEvent",
    "Payout",
    "PayoutAccount",
    "PayoutItem",
    "ReferralClick",
    "Refund",
    "RefundLine",
    "ReviewedPurchase",
    "ShopSettings",
    "StockReservation",
]
