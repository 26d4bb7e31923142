"""Readers' reviews in the Wagtail admin: editors publish them."""

from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from commerce.catalogue.models import Review


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
