"""`/api/v2/products/`: the visible products, each as `product_summary` says it."""

from typing import Any

from rest_framework import serializers
from wagtail.api.v2.views import BaseAPIViewSet

from commerce.catalogue.models import Product
from content.api.parameters import CheckedQueryParameters
from content.api.summaries import product_summary


class ProductSummarySerializer(serializers.BaseSerializer):
    def to_representation(self, instance: Any) -> dict[str, Any]:
        return product_summary(instance)


class ProductsAPIViewSet(CheckedQueryParameters, BaseAPIViewSet):
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
