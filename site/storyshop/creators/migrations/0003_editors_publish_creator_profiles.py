"""The Editors group may publish creator profiles; creators only save drafts of their own.

Safe to run twice (it only adds what is missing); reversing takes back the Editors' grant and
leaves the permission itself, which Wagtail makes for every snippet with drafts.
"""

from django.db import migrations

EDITORS = "Editors"
PUBLISH = "publish_creatorprofile"


def publish_permission(apps):
    # Wagtail makes the "publish" permission after all migrations ran; make it now if missing.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="creators", model="creatorprofile")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=PUBLISH,
        defaults={"name": "Can publish creator profile"},
    )
    return permission


def let_editors_publish(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.add(publish_permission(apps))


def take_back_publishing(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="creators",
                content_type__model="creatorprofile",
                codename=PUBLISH,
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The Editors group is made (or extended) there.
        ("content", "0003_roles_and_workflow"),
        ("creators", "0002_creator_profile_drafts_and_revisions"),
    ]

    operations = [migrations.RunPython(let_editors_publish, take_back_publishing)]
