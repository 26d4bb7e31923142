"""Stories in the Wagtail admin."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content.creators import CreatorProfile


class CreatorProfileViewSet(SnippetViewSet):
    model = CreatorProfile
    icon = "user"
    menu_label = "Creators"
    menu_order = 150
    add_to_admin_menu = True
    list_display = ["name", "user", "commission_rate"]


register_snippet(CreatorProfileViewSet)
