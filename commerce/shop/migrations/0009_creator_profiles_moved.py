"""Creator profiles moved to the `creators` app: the same table, so only Django's record of the
foreign keys changes (no database operation)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("commerce", "0008_review_order_line"),
        ("creators", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="commission",
                    name="creator",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="commissions", to="creators.creatorprofile"),
                ),
                migrations.AlterField(
                    model_name="order",
                    name="creator",
                    field=models.ForeignKey(blank=True, help_text="The creator behind the source story.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="creators.creatorprofile"),
                ),
                migrations.AlterField(
                    model_name="orderline",
                    name="creator",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="creators.creatorprofile"),
                ),
            ],
            database_operations=[],
        ),
    ]
