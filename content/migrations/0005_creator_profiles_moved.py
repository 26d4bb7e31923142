"""Creator profiles moved to the `creators` app (see its first migration): the stories' foreign
keys point there and the `content` app forgets the model. The table stays as it is."""

import django.db.models.deletion
from django.db import migrations, models

STORY_CREATOR = dict(
    blank=True,
    help_text="The creator behind the story; empty for the editors' own stories.",
    null=True,
    on_delete=django.db.models.deletion.SET_NULL,
    related_name="+",
    to="creators.creatorprofile",
)


class Migration(migrations.Migration):
    dependencies = [
        ("commerce", "0009_creator_profiles_moved"),
        ("content", "0004_carousel_limit_for_picked_products"),
        ("creators", "0001_initial"),
        ("search", "0002_creator_profiles_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name=story_type,
                    name="creator",
                    field=models.ForeignKey(**STORY_CREATOR),
                )
                for story_type in ("articlepage", "creatorpostpage", "tutorialpage")
            ]
            + [migrations.DeleteModel(name="CreatorProfile")],
            database_operations=[],
        ),
    ]
