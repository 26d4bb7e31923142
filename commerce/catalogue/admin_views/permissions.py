"""Permission policies for models that the shop's own code writes."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Model, QuerySet
from wagtail.permission_policies import ModelPermissionPolicy


class LimitedActionsPolicy(ModelPermissionPolicy):
    """Grants only `actions` (to users holding the model permission for them), even to
    superusers: the other actions are the shop's services' to do, never the admin's."""

    def __init__(self, model: type[Model], actions: Iterable[str]) -> None:
        super().__init__(model)
        self.actions = frozenset(actions)

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action in self.actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet[Any]:
        return super().users_with_any_permission([a for a in actions if a in self.actions])
