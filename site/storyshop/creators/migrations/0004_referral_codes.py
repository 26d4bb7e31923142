"""Every creator gets a random referral code (`?ref=` on any page credits them); commission
rates are shares between 0 and 1."""

from decimal import Decimal

import django.core.validators
from django.db import migrations, models

import storyshop.creators.models


def give_codes(apps, schema_editor):
    CreatorProfile = apps.get_model("creators", "CreatorProfile")
    for profile in CreatorProfile.objects.filter(referral_code__isnull=True).only("pk"):
        profile.referral_code = storyshop.creators.models.new_referral_code()
        profile.save(update_fields=["referral_code"])


class Migration(migrations.Migration):
    dependencies = [("creators", "0003_editors_publish_creator_profiles")]

    operations = [
        migrations.AddField(
            model_name="creatorprofile",
            name="referral_code",
            field=models.CharField(editable=False, max_length=20, null=True),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="creatorprofile",
            name="referral_code",
            field=models.CharField(
                default=storyshop.creators.models.new_referral_code,
                editable=False,
                help_text="Public code of the creator's referral links (`?ref=`); random, never "
                "reused.",
                max_length=20,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="creatorprofile",
            name="commission_rate",
            field=models.DecimalField(
                decimal_places=3,
                default="0.100",
                help_text="Share of a paid sale this creator drove, e.g. 0.100 for 10% (a product "
                "may set its own). A change applies to checkouts started after it.",
                max_digits=4,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("0")),
                    django.core.validators.MaxValueValidator(Decimal("1")),
                ],
            ),
        ),
    ]
