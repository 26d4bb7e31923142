"""Stories in the Wagtail admin: creator profiles, which a creator edits only for themself."""

from django.core.exceptions import PermissionDenied
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from content.creators import CreatorProfile
from content.permissions import CreatorProfilePermissionPolicy

register_permission_policy(
    CreatorProfile, CreatorProfilePermissionPolicy(CreatorProfile), exact_class=True
)


class CreatorProfileEditView(EditView):
    """Editing a profile needs permission for that profile (a creator has it for their own)."""

    def get_object(self, queryset=None):
        profile = super().get_object(queryset)
        if not self.user_has_permission_for_instance("change", profile):
            raise PermissionDenied
        return profile


class CreatorProfileViewSet(SnippetViewSet):
    model = CreatorProfile
    icon = "user"
    menu_label = "Creators"
    menu_order = 150
    add_to_admin_menu = True
    list_display = ["name", "user", "commission_rate"]
    edit_view_class = CreatorProfileEditView

    def get_queryset(self, request):
        # A creator sees only their own profile; editors see every one.
        policy = policy_registry.get_by_type(CreatorProfile)
        return policy.instances_user_has_any_permission_for(request.user, ["change"])


register_snippet(CreatorProfileViewSet)
