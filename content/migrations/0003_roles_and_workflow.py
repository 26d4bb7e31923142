"""Editors and Creators groups, their permissions, and the creator-post approval workflow.

Every install gets them: editors edit and publish everything and approve creators' posts;
creators may sign in, upload and choose pictures, and write posts below creator-post indexes
(granted per index by `content.roles.open_to_creators` when an index is created) that
only go live once an editor approves them.
"""

from django.db import migrations

CREATORS = "Creators"
EDITORS = "Editors"
WORKFLOW = "Creator posts: editors approve"
TASK = "Editors approve the post"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
]
CREATOR_COLLECTION_PERMISSIONS = [("wagtailimages", "image", ["add_image", "choose_image"])]
EDITOR_MODEL_PERMISSIONS = [
    ("commerce", "product", ["add", "change", "delete"]),
    ("commerce", "review", ["add", "change", "delete"]),
    ("content", "creatorprofile", ["add", "change", "delete"]),
]


def _permission(apps, app_label, model, codename):
    # Permissions of new models are made after all migrations ran; make them now if missing.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    creators, _ = Group.objects.get_or_create(name=CREATORS)
    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin")
    editors.permissions.add(access_admin)
    creators.permissions.add(access_admin)
    for app_label, model, actions in EDITOR_MODEL_PERMISSIONS:
        for action in actions:
            editors.permissions.add(_permission(apps, app_label, model, f"{action}_{model}"))

    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for codename in EDITOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=editors,
                page=root_page,
                permission=_permission(apps, "wagtailcore", "page", codename),
            )

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for group, grants in ((editors, EDITOR_COLLECTION_PERMISSIONS), (creators, CREATOR_COLLECTION_PERMISSIONS)):
            for app_label, model, codenames in grants:
                for codename in codenames:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=_permission(apps, app_label, model, codename),
                    )

    if not Workflow.objects.filter(name=WORKFLOW).exists():
        workflow = Workflow.objects.create(name=WORKFLOW, active=True)
        task_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name=TASK, active=True, content_type=task_type)
        task.groups.add(editors)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)


# What Wagtail's own migrations already give its built-in "Editors" group: `create_roles` finds
# these there (its get_or_create adds nothing), so reversing it must leave them.
WAGTAIL_EDITOR_PAGE_PERMISSIONS = {"add_page", "change_page"}


def remove_roles(apps, schema_editor):
    """Take back exactly what `create_roles` added.

    It created the Creators group (with its picture permissions), the workflow and its task,
    and extended Wagtail's Editors group with page rights beyond Wagtail's own (publish, bulk
    delete, lock, unlock on the root page) and the product, review and creator-profile model
    permissions. Wagtail's Editors group and the grants Wagtail gave it stay.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=WORKFLOW).delete()
    Task.objects.filter(name=TASK).delete()
    Group.objects.filter(name=CREATORS).delete()

    editors = Group.objects.filter(name=EDITORS).first()
    if editors is None:
        return
    added_page_permissions = [
        codename
        for codename in EDITOR_PAGE_PERMISSIONS
        if codename not in WAGTAIL_EDITOR_PAGE_PERMISSIONS
    ]
    GroupPagePermission.objects.filter(
        group=editors,
        page__depth=1,
        permission__content_type__app_label="wagtailcore",
        permission__codename__in=added_page_permissions,
    ).delete()
    for app_label, model, actions in EDITOR_MODEL_PERMISSIONS:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_tutorials_creator_posts_discovery"),
        ("commerce", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
