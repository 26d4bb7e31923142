"""Products moved to the `catalogue` app: the same table, so only Django's record of the
foreign key changes (no database operation)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
        ("search", "0002_creator_profiles_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="productfeature",
                    name="product",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="catalogue.product"),
                ),
            ],
            database_operations=[],
        ),
    ]
