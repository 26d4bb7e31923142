"""Products, their variants' stock, and reviews in the Wagtail admin."""

import django_filters
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from commerce.admin_views.stock_forms import (
    ProductStockForm,
    VariantInlinePanel,
    VariantStockForm,
)
from commerce.choosers import ProductChooserViewSet
from commerce.models import Product, ProductVariant, Review, StockReservation
from commerce.models.catalogue import LOW_STOCK_THRESHOLD
from commerce.money import format_money

VARIANT_PANELS = [
    FieldRowPanel([FieldPanel("name"), FieldPanel("sku")]),
    FieldRowPanel([FieldPanel("size"), FieldPanel("colour")]),
    FieldRowPanel([FieldPanel("price_override"), FieldPanel("stock"), FieldPanel("is_active")]),
]
PRODUCT_PANELS = [
    MultiFieldPanel(
        [FieldPanel("name"), FieldPanel("slug"), FieldPanel("is_active")], heading="Product"
    ),
    FieldPanel("description"),
    FieldPanel("price"),
    VariantInlinePanel(
        "variants",
        panels=VARIANT_PANELS,
        heading="Variants and stock",
        label="Variant",
        min_num=1,
    ),
    FieldPanel("image"),
    InlinePanel("gallery_images", heading="More pictures", label="Picture"),
    FieldPanel("tags"),
]


def variant_price(variant: ProductVariant) -> str:
    return format_money(variant.price, variant.product.currency)


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "tag"
    menu_label = "Products"
    menu_order = 200
    add_to_admin_menu = True
    list_display = [
        "name",
        Column("price_from", label="Price"),
        "currency",
        Column("stock", label="Stock"),
        BooleanColumn("is_active"),
    ]
    list_filter = ["is_active", "currency"]
    # Plain database lookups: the listing's rating annotations must not meet a join.
    search_backend_name = None
    search_fields = ["name", "slug"]
    ordering = ["name"]
    chooser_viewset_class = ProductChooserViewSet
    edit_handler = ObjectList(PRODUCT_PANELS, base_form_class=ProductStockForm)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Product]:
        return Product.objects.for_cards()


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


class ReviewViewSet(SnippetViewSet):
    model = Review
    icon = "pick"
    menu_label = "Reviews"
    menu_order = 210
    add_to_admin_menu = True
    list_display = [
        "product",
        "rating",
        "author_name",
        BooleanColumn("is_verified_buyer"),
        BooleanColumn("is_published"),
    ]
    list_filter = ["is_published", "is_verified_buyer", "rating"]
    search_fields = ["title", "body", "author_name"]
