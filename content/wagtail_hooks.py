"""Stories in the Wagtail admin: creator profiles, which a creator edits only for themself."""

from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content.creators import CreatorProfile
from content.permissions import CreatorProfilePermissionPolicy

register_permission_policy(
    CreatorProfile, CreatorProfilePermissionPolicy(CreatorProfile), exact_class=True
)


class CreatorProfileViewSet(SnippetViewSet):
    model = CreatorProfile
    icon = "user"
    menu_label = "Creators"
    menu_order = 150
    add_to_admin_menu = True
    list_display = ["name", "user", "commission_rate"]

    def get_queryset(self, request):
        # A creator sees only their own profile; editors see every one.
        policy = policy_registry.get_by_type(CreatorProfile)
        return policy.instances_user_has_any_permission_for(request.user, ["change"])


register_snippet(CreatorProfileViewSet)
