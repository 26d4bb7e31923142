"""Commerce models, one concern per module."""

from commerce.models.catalogue import (
    Product,
    ProductGalleryImage,
    ProductQuerySet,
    ProductTag,
    ProductVariant,
)
from commerce.models.commissions import Commission
from commerce.models.orders import Order, OrderLine, OrderStatusChange
from commerce.models.payments import Refund, RefundLine, StripeEvent
from commerce.models.reviews import Review
from commerce.models.stock import StockReservation

__all__ = [
    "Commission",
    "Order",
    "OrderLine",
    "OrderStatusChange",
    "Product",
    "ProductGalleryImage",
    "ProductQuerySet",
    "ProductTag",
    "ProductVariant",
    "Refund",
    "RefundLine",
    "Review",
    "StockReservation",
    "StripeEvent",
]
