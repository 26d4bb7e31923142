"""Admin users in the roles the content migration sets up (Editors, Creators)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


def member_of(group: str, username: str | None = None):
    """A new active user in `group` (created by the migrations), with a known password."""
    user = get_user_model().objects.create_user(
        username or f"{group.lower()}-{get_user_model().objects.count() + 1}",
        password="correct-horse-battery",
    )
    user.groups.add(Group.objects.get(name=group))
    return user
