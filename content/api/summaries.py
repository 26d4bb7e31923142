"""What the API says about a product, the same inside page bodies and at /api/v2/products/.

Kept apart from the API views: the blocks use it, and they are loaded with the page models,
before Wagtail's API views can be imported.
"""

from typing import Any


def product_summary(product: Any) -> dict[str, Any]:
    """What the API says about a product: id, name, price (lowest), currency and stock."""
    return {
        "id": product.pk,
        "name": product.name,
        "slug": product.slug,
        "price": f"{product.price_from:f}",
        "has_price_range": product.has_price_range,
        "currency": product.currency,
        "stock": product.stock,
        "stock_status": str(product.stock_status),
        "rating_average": (
            round(float(product.rating_average), 2) if product.review_count else None
        ),
        "review_count": product.review_count,
        "url": product.get_absolute_url(),
    }
