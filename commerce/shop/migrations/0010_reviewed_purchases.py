"""Which purchase a buyer's review came from is the shop's to know: it moves from the review
(`Review.order_line`) to its own table, `ReviewedPurchase`, one row per reviewed order line.

This lets the review itself move to the catalogue (its next migration) without the catalogue
pointing back at the shop's orders.
"""

import django.db.models.deletion
from django.db import migrations, models


def link_reviewed_lines(apps, schema_editor):
    Review = apps.get_model("commerce", "Review")
    ReviewedPurchase = apps.get_model("commerce", "ReviewedPurchase")
    ReviewedPurchase.objects.bulk_create(
        ReviewedPurchase(order_line_id=order_line_id, review_id=review_id)
        for review_id, order_line_id in Review.objects.filter(order_line__isnull=False)
        .order_by("pk")
        .values_list("pk", "order_line_id")
    )


def unlink_reviewed_lines(apps, schema_editor):
    Review = apps.get_model("commerce", "Review")
    ReviewedPurchase = apps.get_model("commerce", "ReviewedPurchase")
    for review_id, order_line_id in ReviewedPurchase.objects.values_list("review_id", "order_line_id"):
        Review.objects.filter(pk=review_id).update(order_line_id=order_line_id)


class Migration(migrations.Migration):
    dependencies = [
        ("commerce", "0009_creator_profiles_moved"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewedPurchase",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("order_line", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="reviewed_purchase", to="commerce.orderline")),
                ("review", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="purchase", to="commerce.review")),
            ],
        ),
        migrations.RunPython(link_reviewed_lines, unlink_reviewed_lines),
        migrations.RemoveConstraint(
            model_name="review",
            name="one_review_per_order_line",
        ),
        migrations.RemoveField(
            model_name="review",
            name="order_line",
        ),
    ]
