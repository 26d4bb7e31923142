"""The catalogue (products, their variants, tags and pictures, and readers' reviews) moves from
the shop's app (`commerce`) to its own, `catalogue`, below the stories that show it.

Only Django's record of the models moves (SeparateDatabaseAndState): the tables keep their names
(`commerce_product`, ...) and their rows. The models' content types are relabelled in place, so
their ids, and everything that points at them (permissions, revisions, the audit log, Wagtail's
reference index of the products stories feature), carry over.
"""

import commerce.catalogue.models.products
import django.core.validators
import django.db.models.deletion
import modelcluster.contrib.taggit
import modelcluster.fields
import modelsearch.index
import wagtail.fields
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

MOVED = (
    "commerce",
    "catalogue",
    ["product", "productgalleryimage", "producttag", "productvariant", "review"],
)


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
        ("commerce", "0010_reviewed_purchases"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailimages", "0027_image_description"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Product',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200)),
                        ('slug', models.SlugField(max_length=200, unique=True)),
                        ('description', wagtail.fields.RichTextField(blank=True)),
                        ('price', models.DecimalField(decimal_places=2, help_text="The price of every variant that does not set its own, in the shop's currency.", max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0.00'))])),
                        ('currency', models.CharField(default=commerce.catalogue.models.products.default_currency, editable=False, max_length=3, validators=[django.core.validators.RegexValidator('^[A-Z]{3}$', 'A three-letter ISO 4217 code, e.g. IDR.')])),
                        ('is_active', models.BooleanField(default=True, help_text='Inactive products are hidden from readers.', verbose_name='active')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('image', models.ForeignKey(blank=True, help_text='The main picture, used on product cards.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image')),
                    ],
                    options={
                        'db_table': 'commerce_product',
                        'ordering': ['name'],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='ProductGalleryImage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('caption', models.CharField(blank=True, max_length=200)),
                        ('image', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailimages.image')),
                        ('product', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='gallery_images', to='catalogue.product')),
                    ],
                    options={
                        'db_table': 'commerce_productgalleryimage',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='ProductTag',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('content_object', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='tagged_items', to='catalogue.product')),
                        ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='taggit.tag')),
                    ],
                    options={
                        'db_table': 'commerce_producttag',
                    },
                ),
                migrations.AddField(
                    model_name='product',
                    name='tags',
                    field=modelcluster.contrib.taggit.ClusterTaggableManager(blank=True, help_text='A comma-separated list of tags.', through='catalogue.ProductTag', to='taggit.Tag', verbose_name='Tags'),
                ),
                migrations.CreateModel(
                    name='ProductVariant',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('name', models.CharField(blank=True, help_text='What sets it apart, e.g. "200 g" or "M, indigo".', max_length=100)),
                        ('size', models.CharField(blank=True, max_length=40)),
                        ('colour', models.CharField(blank=True, max_length=40)),
                        ('sku', models.CharField(max_length=64, unique=True, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9._-]*$', 'Letters, digits, . _ - only.')], verbose_name='SKU')),
                        ('price_override', models.DecimalField(blank=True, decimal_places=2, help_text="Leave empty to sell at the product's price.", max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0.00'))])),
                        ('stock', models.PositiveIntegerField(default=0, help_text='Units readers can still buy. Units held by unpaid checkouts are already taken off, and come back if the checkout expires.')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('product', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='variants', to='catalogue.product')),
                    ],
                    options={
                        'db_table': 'commerce_productvariant',
                        'ordering': ['sort_order'],
                        'abstract': False,
                        'constraints': [models.CheckConstraint(condition=models.Q(('stock__gte', 0)), name='variant_stock_not_negative')],
                    },
                ),
                migrations.CreateModel(
                    name='Review',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rating', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                        ('title', models.CharField(blank=True, max_length=120)),
                        ('body', models.TextField(blank=True)),
                        ('author_name', models.CharField(max_length=80)),
                        ('is_verified_buyer', models.BooleanField(default=False, help_text='The author bought this product through the shop.')),
                        ('is_published', models.BooleanField(default=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('product', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='catalogue.product')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'commerce_review',
                        'ordering': ['-created_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('rating__gte', 1), ('rating__lte', 5)), name='review_rating_1_to_5')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
