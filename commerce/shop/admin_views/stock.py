"""The stock listing in the Wagtail admin: every variant with what readers can still buy and
what unpaid checkouts hold; editors restock here or in the product."""

import django_filters
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from commerce.catalogue.admin_views.products import VARIANT_PANELS, variant_price
from commerce.catalogue.admin_views.stock_forms import VariantStockForm
from commerce.catalogue.models import Product, ProductVariant
from commerce.catalogue.models.products import LOW_STOCK_THRESHOLD
from commerce.shop.models import StockReservation


class StockStateFilterSet(WagtailFilterSet):
    stock_state = django_filters.ChoiceFilter(
        label="Stock",
        choices=Product.StockStatus.choices,
        method="filter_stock_state",
        empty_label="Any",
    )

    class Meta:
        model = ProductVariant
        fields = ["is_active", "product__is_active"]

    def filter_stock_state(
        self, queryset: QuerySet[ProductVariant], name: str, value: str
    ) -> QuerySet[ProductVariant]:
        states = {
            Product.StockStatus.SOLD_OUT: Q(stock=0),
            Product.StockStatus.LOW_STOCK: Q(stock__gte=1, stock__lte=LOW_STOCK_THRESHOLD),
            Product.StockStatus.IN_STOCK: Q(stock__gt=LOW_STOCK_THRESHOLD),
        }
        return queryset.filter(states[Product.StockStatus(value)])


class VariantIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[ProductVariant]:
        held = Q(reservations__status=StockReservation.Status.HELD)
        return ProductVariant.objects.select_related("product").annotate(
            reserved=Coalesce(Sum("reservations__quantity", filter=held), 0)
        )


class VariantViewSet(ModelViewSet):
    """Every variant with its SKU, price and stock; editors restock here or in the product."""

    model = ProductVariant
    index_view_class = VariantIndexView
    name = "stock"
    icon = "list-ul"
    menu_label = "Stock"
    menu_order = 205
    add_to_admin_menu = True
    copy_view_enabled = False
    add_to_reference_index = False  # indexed with their product
    list_display = [
        Column("sku", label="SKU"),
        "product",
        "name",
        Column("price", label="Price", accessor=variant_price),
        Column("stock", label="Can be bought"),
        Column("reserved", label="Held by checkouts"),
        BooleanColumn("is_active"),
    ]
    filterset_class = StockStateFilterSet
    search_fields = ["sku", "name", "product__name"]
    ordering = ["product__name", "sort_order"]
    edit_handler = ObjectList(VARIANT_PANELS, base_form_class=VariantStockForm)
