"""Products and their variants in the Wagtail admin (stock saved as the editors' changes)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import SnippetViewSet

from commerce.catalogue.admin_views.choosers import ProductChooserViewSet
from commerce.catalogue.admin_views.stock_forms import ProductStockForm, VariantInlinePanel
from commerce.catalogue.models import Product, ProductVariant
from commerce.catalogue.money import format_money

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
    FieldPanel("commission_rate"),
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
