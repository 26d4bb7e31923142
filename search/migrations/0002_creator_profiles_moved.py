"""Creator profiles moved to the `creators` app: the same table, so only Django's record of the
foreign key changes (no database operation)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("creators", "0001_initial"),
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="productfeature",
                    name="creator",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="creators.creatorprofile"),
                ),
            ],
            database_operations=[],
        ),
    ]
