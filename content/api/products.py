"""Products in the API: the same summary inside page bodies and at /api/v2/products/."""

from typing import Any

from rest_framework import serializers
from wagtail.api.v2.views import BaseAPIViewSet

from commerce.models import Product


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


class ProductSummarySerializer(serializers.BaseSerializer):
    def to_representation(self, instance: Any) -> dict[str, Any]:
        return product_summary(instance)


class ProductsAPIViewSet(BaseAPIViewSet):
    """Read-only `/api/v2/products/`: visible products, `?tag=` to filter by a tag slug."""

    name = "products"
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["tag"])

    model = Product

    def get_queryset(self):
        products = self.model.objects.visible().for_cards().order_by("name", "pk")
        tag = self.request.GET.get("tag")
        if tag:
            products = products.filter(tags__slug=tag)
        return products

    def get_serializer_class(self):
        return ProductSummarySerializer
