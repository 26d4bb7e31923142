"""Who sees and edits which creator profile, and whom a story may credit.

Editors (superusers, or whoever may change creator profiles) manage every profile and credit any
creator; a creator edits only their own profile and writes only as themself.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from wagtail.permission_policies.base import ModelPermissionPolicy

from storyshop.creators.models import CreatorProfile


def writes_only_as_themself(user: Any) -> bool:
    """True for a user who is not an editor: their stories may name only their own profile.

    Editors (superusers, or whoever may change creator profiles) credit any creator. Everyone
    else is restricted whether or not a profile is linked to their account: without one they
    may credit nobody, so they cannot save a story until an editor links them.
    """
    return not user.is_superuser and not user.has_perm("creators.change_creatorprofile")


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
    if may_pick_any:
        return get_object_or_404(CreatorProfile, slug=slug) if slug else own_creator_profile(user)
    own = own_creator_profile(user)
    if own is None or (slug and slug != own.slug):
        raise PermissionDenied
    return own


class CreatorProfilePermissionPolicy(ModelPermissionPolicy):
    """Editors (with the model permissions) manage every profile; a creator edits only their own.

    A creator's "change" saves drafts only: "publish" comes from the model permission alone
    (`creators.publish_creatorprofile`, which the Editors group has), never from owning a profile.
    """

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
