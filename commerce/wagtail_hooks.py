"""The catalogue in the Wagtail admin."""

from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from commerce.models import Product


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "tag"
    menu_label = "Products"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "sku", "price", "currency", "stock", BooleanColumn("is_active")]
    list_filter = ["is_active", "currency"]
    search_fields = ["name", "sku", "description"]
    ordering = ["name"]


register_snippet(ProductViewSet)
