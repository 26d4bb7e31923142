"""The roles migration (content 0003) can be reversed and applied again, exactly."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Task, Workflow

pytestmark = pytest.mark.django_db

ROLES_MIGRATION = ("content", "0003_roles_and_workflow")
# Later migrations that moved models the roles migration grants permissions on to other apps,
# relabelling their content types: `migrate` reverses them before the roles migration.
RELABELLING_MIGRATIONS = [("creators", "0001_initial"), ("catalogue", "0001_initial")]


def run_python_step(key: tuple[str, str], backwards: bool = False) -> None:
    """Run a migration's RunPython step as `migrate` does, with the historical models.

    (Running `migrate` itself would need a transactional test, whose flush removes the data
    the migrations made for the tests after it.)
    """
    loader = MigrationLoader(connection)
    operation = next(
        operation
        for operation in loader.get_migration(*key).operations
        if isinstance(operation, RunPython)
    )
    apps = loader.project_state(key).apps
    step = operation.reverse_code if backwards else operation.code
    step(apps, None)  # the step writes rows only; it never uses the schema editor


def run_roles_migration(backwards: bool = False) -> None:
    """Reverse the roles migration as `migrate` would (the later relabelling first), or apply it
    again (and the relabelling after it)."""
    if backwards:
        for key in reversed(RELABELLING_MIGRATIONS):
            run_python_step(key, backwards=True)
        run_python_step(ROLES_MIGRATION, backwards=True)
    else:
        run_python_step(ROLES_MIGRATION)
        for key in RELABELLING_MIGRATIONS:
            run_python_step(key)


def roles() -> dict[str, set]:
    """The groups, the Editors group's grants and the workflows, as comparable values."""
    editors = Group.objects.get(name="Editors")
    return {
        "groups": set(Group.objects.values_list("name", flat=True)),
        "editors": set(editors.permissions.values_list("codename", flat=True)),
        "editors on pages": set(
            GroupPagePermission.objects.filter(group=editors).values_list(
                "page__depth", "permission__codename"
            )
        ),
        "editors on collections": set(
            GroupCollectionPermission.objects.filter(group=editors).values_list(
                "permission__codename", flat=True
            )
        ),
        "workflows": set(Workflow.objects.values_list("name", flat=True)),
        "tasks": set(Task.objects.values_list("name", flat=True)),
    }


def test_reversing_the_roles_migration_takes_back_exactly_what_it_added():
    applied = roles()

    run_roles_migration(backwards=True)
    reversed_ = roles()
    run_roles_migration()

    # Wagtail's own Editors group stays, with the grants Wagtail gave it.
    assert "Editors" in reversed_["groups"]
    assert {"access_admin"} <= reversed_["editors"]
    assert {(1, "add_page"), (1, "change_page")} <= reversed_["editors on pages"]
    assert {"add_image", "change_image", "choose_image"} <= reversed_["editors on collections"]
    # What the migration added is gone, and only that.
    assert applied["groups"] - reversed_["groups"] == {"Creators"}
    assert applied["editors on pages"] - reversed_["editors on pages"] == {
        (1, "publish_page"),
        (1, "bulk_delete_page"),
        (1, "lock_page"),
        (1, "unlock_page"),
    }
    assert applied["editors"] - reversed_["editors"] == {
        f"{action}_{model}"
        for model in ("product", "review", "creatorprofile")
        for action in ("add", "change", "delete")
    }
    assert reversed_["editors on collections"] == applied["editors on collections"]
    assert reversed_["workflows"] == applied["workflows"] - {"Creator posts: editors approve"}
    assert reversed_["tasks"] == applied["tasks"] - {"Editors approve the post"}
    # Applied again, it makes the same roles.
    assert roles() == applied
