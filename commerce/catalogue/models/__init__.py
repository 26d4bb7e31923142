"""The catalogue's models, one concern per module."""

from commerce.catalogue.models.products import (
    Product,
    ProductGalleryImage,
    ProductQuerySet,
    ProductTag,
    ProductVariant,
)
from commerce.catalogue.models.reviews import Review, ReviewQuerySet

__all__ = [
    "Product",
    "ProductGalleryImage",
    "ProductQuerySet",
    "ProductTag",
    "ProductVariant",
    "Review",
    "ReviewQuerySet",
]
