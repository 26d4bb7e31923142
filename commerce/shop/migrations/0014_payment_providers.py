"""Orders are paid through one of several payment providers (Stripe, Xendit, the demo): their
Stripe-named columns become the provider's, renamed in place, and Stripe's events table becomes
every provider's notifications, each stored once per provider and id. Existing rows were
Stripe's."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("commerce", "0013_client_stock_holds"),
    ]

    operations = [
        migrations.RenameField("order", "stripe_checkout_session_id", "provider_checkout_id"),
        migrations.RenameField("order", "stripe_payment_intent_id", "provider_payment_id"),
        migrations.RenameField("refund", "stripe_refund_id", "provider_refund_id"),
        migrations.AlterField(
            model_name="order",
            name="provider_checkout_id",
            field=models.CharField(blank=True, max_length=255, null=True, unique=True, verbose_name="Hosted checkout"),
        ),
        migrations.AlterField(
            model_name="order",
            name="provider_payment_id",
            field=models.CharField(blank=True, db_index=True, max_length=255, verbose_name="Provider's payment"),
        ),
        migrations.AddField(
            model_name="order",
            name="payment_provider",
            field=models.CharField(choices=[("stripe", "Stripe"), ("xendit", "Xendit"), ("demo", "Demo payments")], default="stripe", max_length=20),
        ),
        migrations.AddField(
            model_name="order",
            name="payment_method",
            field=models.CharField(blank=True, help_text='How the reader paid, e.g. "card", "QRIS", "OVO".', max_length=40),
        ),
        migrations.AlterField(
            model_name="order",
            name="email",
            field=models.EmailField(blank=True, help_text="The buyer's address, from the payment provider.", max_length=254),
        ),
        migrations.AlterField(
            model_name="order",
            name="refunded_outside_shop",
            field=models.DecimalField(decimal_places=2, default=0, help_text="Refunded in the provider's dashboard: the payment's refunded total beyond the shop's own refunds, as the provider last reported it.", max_digits=14),
        ),
        migrations.AlterField(
            model_name="refund",
            name="status",
            field=models.CharField(choices=[("requested", "Sent to the payment provider"), ("pending", "Pending at the payment provider"), ("succeeded", "Refunded"), ("failed", "Failed")], default="requested", max_length=10),
        ),
        migrations.RenameModel("StripeEvent", "PaymentEvent"),
        migrations.AddField(
            model_name="paymentevent",
            name="provider",
            field=models.CharField(default="stripe", max_length=20),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="paymentevent",
            name="event_id",
            field=models.CharField(max_length=255),
        ),
        migrations.AddConstraint(
            model_name="paymentevent",
            constraint=models.UniqueConstraint(fields=("provider", "event_id"), name="one_event_per_id"),
        ),
    ]
