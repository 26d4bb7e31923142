"""Creator profiles in the Wagtail admin: editors see every one, a creator only their own."""

from django.core.exceptions import PermissionDenied
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets

from storyshop.creators.models import CreatorProfile
from storyshop.creators.permissions import CreatorProfilePermissionPolicy

register_permission_policy(
    CreatorProfile, CreatorProfilePermissionPolicy(CreatorProfile), exact_class=True
)


class ProfileOfTheUserMixin:
    """Opens a profile only for a user with a permission on that profile.

    Wagtail checks model permissions; a creator has "change" for their own profile only, so
    every view of one profile also checks the instance: editors pass for every profile, a
    creator only for theirs.
    """

    instance_actions = ("change",)

    def get_object(self, *args, **kwargs):
        profile = super().get_object(*args, **kwargs)
        policy = policy_registry.get_by_type(CreatorProfile)
        if not policy.user_has_any_permission_for_instance(
            self.request.user, list(self.instance_actions), profile
        ):
            raise PermissionDenied
        return profile


class CreatorProfileEditView(ProfileOfTheUserMixin, snippets.EditView):
    pass


class CreatorProfileDeleteView(ProfileOfTheUserMixin, snippets.DeleteView):
    instance_actions = ("delete",)


class CreatorProfileHistoryView(ProfileOfTheUserMixin, snippets.HistoryView):
    instance_actions = ("add", "change", "delete")


class CreatorProfileUsageView(ProfileOfTheUserMixin, snippets.UsageView):
    pass


class CreatorProfileInspectView(ProfileOfTheUserMixin, snippets.InspectView):
    instance_actions = ("change", "delete", "view")


class CreatorProfileViewSet(snippets.SnippetViewSet):
    model = CreatorProfile
    icon = "user"
    menu_label = "Creators"
    menu_order = 150
    add_to_admin_menu = True
    list_display = ["name", "user", "commission_rate"]
    inspect_view_enabled = True
    edit_view_class = CreatorProfileEditView
    delete_view_class = CreatorProfileDeleteView
    history_view_class = CreatorProfileHistoryView
    usage_view_class = CreatorProfileUsageView
    inspect_view_class = CreatorProfileInspectView

    def get_queryset(self, request):
        # A creator lists only their own profile; editors list every one.
        policy = policy_registry.get_by_type(CreatorProfile)
        return policy.instances_user_has_any_permission_for(request.user, ["change"])


register_snippet(CreatorProfileViewSet)
