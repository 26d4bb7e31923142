"""Roles in the admin: editors edit everything; creators write posts for approval.

The groups, their permissions and the creator-post workflow are created for every install by
the migration `content.0003_roles_and_workflow`; `open_to_creators` lets creators post below a
creator-post index (called when such an index is created).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage

CREATORS_GROUP = "Creators"
EDITORS_GROUP = "Editors"
CREATOR_POST_WORKFLOW = "Creator posts: editors approve"


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
