"""Commerce models, one concern per module."""

from commerce.models.catalogue import (
    Product,
    ProductGalleryImage,
    ProductQuerySet,
    ProductTag,
    ProductVariant,
)
from commerce.models.reviews import Review

__all__ = [
    "Product",
    "ProductGalleryImage",
    "ProductQuerySet",
    "ProductTag",
    "ProductVariant",
    "Review",
]
