"""Roles in the admin: editors edit everything; creators write posts for approval.

The groups, their permissions and the creator-post workflow are created for every install by
the migration `content.0003_roles_and_workflow`; `open_to_creators` lets creators post below a
creator-post index (called when such an index is created).
"""

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage
from wagtail.permission_policies.base import ModelPermissionPolicy

CREATORS_GROUP = "Creators"
EDITORS_GROUP = "Editors"
CREATOR_POST_WORKFLOW = "Creator posts: editors approve"


def writes_only_as_themself(user: Any) -> bool:
    """True for a user who is not an editor: their stories may name only their own profile.

    Editors (superusers, or whoever may change creator profiles) credit any creator. Everyone
    else is restricted whether or not a profile is linked to their account: without one they
    may credit nobody, so they cannot save a story until an editor links them.
    """
    return not user.is_superuser and not user.has_perm("content.change_creatorprofile")


def own_creator_profile(user: Any) -> Any:
    """The creator profile linked to `user`'s account, or None."""
    return getattr(user, "creator_profile", None)


def creator_for_request(user: Any, slug: str, *, may_pick_any: bool) -> Any:
    """The creator an admin page about one creator shows `user`, who asked for `slug`.

    A user who `may_pick_any` creator gets the one `slug` names (empty: their own profile, if
    any); anyone else only their own profile.

    Raises:
        PermissionDenied: for a user with no profile who may not pick one, or one naming
            another creator.
        Http404: for a user who may pick, naming a creator that does not exist.
    """
    from content.creators import CreatorProfile

    if may_pick_any:
        return get_object_or_404(CreatorProfile, slug=slug) if slug else own_creator_profile(user)
    own = own_creator_profile(user)
    if own is None or (slug and slug != own.slug):
        raise PermissionDenied
    return own


@transaction.atomic
def open_to_creators(index: Page) -> None:
    """Let the Creators group add posts below `index`, each going through the editors' approval.

    Wagtail's "add" permission lets a user create pages there and edit the ones they own, but not
    publish them: publishing is what the workflow's editors do.
    """
    creators = Group.objects.filter(name=CREATORS_GROUP).first()
    workflow = Workflow.objects.filter(name=CREATOR_POST_WORKFLOW, active=True).first()
    if creators is None or workflow is None:
        return
    add_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="add_page")
    GroupPagePermission.objects.get_or_create(group=creators, page=index, permission=add_page)
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})


class CreatorProfilePermissionPolicy(ModelPermissionPolicy):
    """Editors (with the model permissions) manage every profile; a creator edits only their own."""

    def _owns_one(self, user) -> bool:
        return user.is_active and getattr(user, "creator_profile", None) is not None

    def user_has_permission(self, user, action):
        if action == "change" and self._owns_one(user):
            return True
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def _has_model_permission(self, user, actions) -> bool:
        return any(ModelPermissionPolicy.user_has_permission(self, user, a) for a in actions)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if self._has_model_permission(user, actions):
            return True
        return "change" in actions and user.is_active and instance.user_id == user.pk

    def instances_user_has_any_permission_for(self, user, actions):
        if self._has_model_permission(user, actions):
            return self.model._default_manager.all()
        if "change" in actions and user.is_active:
            return self.model._default_manager.filter(user=user)
        return self.model._default_manager.none()
