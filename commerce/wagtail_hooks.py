"""The catalogue in the Wagtail admin."""

from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from commerce.choosers import ProductChooserViewSet
from commerce.models import Product, Review


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
    ordering = ["name"]
    chooser_viewset_class = ProductChooserViewSet

    def get_queryset(self, request: HttpRequest) -> QuerySet[Product]:
        return Product.objects.for_cards()


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


register_snippet(ProductViewSet)
register_snippet(ReviewViewSet)
