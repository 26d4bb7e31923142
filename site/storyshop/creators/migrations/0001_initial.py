"""Creator profiles move from the `content` app to their own, `creators`.

Only Django's record of the model moves (SeparateDatabaseAndState): the table keeps its name,
`content_creatorprofile`, and its rows. The profile's content type is relabelled in place, so
its id, and everything that points at it (permissions, revisions, the audit log, Wagtail's
reference index), carries over.
"""

import django.db.models.deletion
import modelsearch.index
from django.conf import settings
from django.db import migrations, models

MOVED = ("content", "creators", ["creatorprofile"])


def relabel_content_types(apps, schema_editor, old_label, new_label, model_names):
    """Give the moved models' content types their new app label, keeping their ids.

    A content type under the new label can only exist already if a partial `migrate` made one
    (its post_migrate creates content types for every installed model): nothing points at that
    one yet, so it gives way to the old one, which permissions, revisions and logs point at.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    for name in model_names:
        old = ContentType.objects.filter(app_label=old_label, model=name)
        if old.exists():
            ContentType.objects.filter(app_label=new_label, model=name).delete()
            old.update(app_label=new_label)


def forwards(apps, schema_editor):
    relabel_content_types(apps, schema_editor, *MOVED)


def backwards(apps, schema_editor):
    old_label, new_label, model_names = MOVED
    relabel_content_types(apps, schema_editor, new_label, old_label, model_names)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("content", "0004_carousel_limit_for_picked_products"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailimages", "0027_image_description"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CreatorProfile",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=120)),
                        ("slug", models.SlugField(max_length=120, unique=True)),
                        ("bio", models.TextField(blank=True)),
                        ("website", models.URLField(blank=True)),
                        ("instagram", models.CharField(blank=True, help_text="Handle, without the @.", max_length=60)),
                        ("tiktok", models.CharField(blank=True, help_text="Handle, without the @.", max_length=60)),
                        ("commission_rate", models.DecimalField(decimal_places=3, default="0.100", help_text="Share of a paid sale this creator drove, e.g. 0.100 for 10%.", max_digits=4)),
                        ("location", models.CharField(blank=True, help_text='Where they work, e.g. "Takengon, Aceh".', max_length=120)),
                        ("avatar", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailimages.image")),
                        ("user", models.OneToOneField(blank=True, help_text="The admin account that writes as this creator.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="creator_profile", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "content_creatorprofile",
                        "ordering": ["name"],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
