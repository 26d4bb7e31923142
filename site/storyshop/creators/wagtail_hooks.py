"""Creator profiles in the Wagtail admin: editors see every one, a creator only their own."""

from django.core.exceptions import PermissionDenied
from wagtail.admin.ui.tables import LiveStatusTagColumn
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
    every view of one profile (its revisions and history too) also checks the instance:
    editors pass for every profile, a creator only for theirs.
    """

    instance_actions: tuple[str, ...] = ("change",)

    def get_object(self, *args, **kwargs):
        profile = super().get_object(*args, **kwargs)
        # The edit views open the latest draft; whose profile it is is decided by the published
        # row, so an unpublished change of the linked account grants nothing.
        published = getattr(self, "live_object", profile)
        policy = policy_registry.get_by_type(CreatorProfile)
        if not policy.user_has_any_permission_for_instance(
            self.request.user, list(self.instance_actions), published
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


class CreatorProfileRevisionsCompareView(ProfileOfTheUserMixin, snippets.RevisionsCompareView):
    pass


class CreatorProfileUnpublishView(ProfileOfTheUserMixin, snippets.UnpublishView):
    instance_actions = ("publish",)


class CreatorProfileRevisionsUnscheduleView(
    ProfileOfTheUserMixin, snippets.RevisionsUnscheduleView
):
    instance_actions = ("publish",)


class CreatorProfileViewSet(snippets.SnippetViewSet):
    model = CreatorProfile
    icon = "user"
    menu_label = "Creators"
    menu_order = 150
    add_to_admin_menu = True
    # Naming the columns replaces Wagtail's, status included: "live + draft" is how editors spot
    # a creator's edit waiting to be published.
    list_display = ["name", "user", "commission_rate", LiveStatusTagColumn()]
    inspect_view_enabled = True
    edit_view_class = CreatorProfileEditView
    delete_view_class = CreatorProfileDeleteView
    history_view_class = CreatorProfileHistoryView
    usage_view_class = CreatorProfileUsageView
    inspect_view_class = CreatorProfileInspectView
    # Reverting to a revision uses a view Wagtail builds on `edit_view_class`, so it checks too.
    # (Were profiles made previewable, `revisions_view_class` would need the same check.)
    revisions_compare_view_class = CreatorProfileRevisionsCompareView
    unpublish_view_class = CreatorProfileUnpublishView
    revisions_unschedule_view_class = CreatorProfileRevisionsUnscheduleView

    def get_queryset(self, request):
        # A creator lists only their own profile; editors list every one.
        policy = policy_registry.get_by_type(CreatorProfile)
        return policy.instances_user_has_any_permission_for(request.user, ["change"])


register_snippet(CreatorProfileViewSet)
