"""The catalogue moved to its own app (see `catalogue.0001_initial`): the shop's foreign keys
point there and the shop forgets the models. No table changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
        ("commerce", "0010_reviewed_purchases"),
        ("search", "0003_catalogue_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="orderline",
                    name="variant",
                    field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="order_lines", to="catalogue.productvariant"),
                ),
                migrations.AlterField(
                    model_name="stockreservation",
                    name="variant",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="reservations", to="catalogue.productvariant"),
                ),
                migrations.AlterField(
                    model_name="reviewedpurchase",
                    name="review",
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="purchase", to="catalogue.review"),
                ),
                migrations.DeleteModel(name="ProductGalleryImage"),
                migrations.DeleteModel(name="ProductTag"),
                migrations.DeleteModel(name="ProductVariant"),
                migrations.DeleteModel(name="Review"),
                migrations.DeleteModel(name="Product"),
            ],
            database_operations=[],
        ),
    ]
