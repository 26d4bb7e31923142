"""Orders: what a reader bought, from which story, and what happened to the payment."""

import secrets
from decimal import Decimal

from django.db import models
from django.db.models import F, Q

# Unambiguous capitals and digits: references are read out over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference(prefix: str) -> str:
    """Return a fresh reference of the shop's, `prefix` and ten characters, e.g. "SS-7KQ2M9XD4P"."""
    return f"{prefix}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))


def new_order_reference() -> str:
    """Return a fresh order reference such as "SS-7KQ2M9XD4P"."""
    return new_reference("SS")


class Order(models.Model):
    """One checkout: its lines, its hosted checkout and payment, and the story that sold it.

    Orders are written only by `commerce.services`; the admin shows them read-only.
    """

    class Provider(models.TextChoices):
        """Who hosts the payment (commerce.shop.payments)."""

        STRIPE = "stripe", "Stripe"
        XENDIT = "xendit", "Xendit"
        DEMO = "demo", "Demo payments"

    class Channel(models.TextChoices):
        """Where the reader ordered."""

        WEB = "web", "The site"
        WHATSAPP = "whatsapp", "WhatsApp"

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting payment"
        PROCESSING = "processing", "Payment processing"
        PAID = "paid", "Paid"
        PARTIALLY_REFUNDED = "partially_refunded", "Partly refunded"
        REFUNDED = "refunded", "Refunded"
        EXPIRED = "expired", "Checkout expired"
        CANCELLED = "cancelled", "Checkout abandoned"
        FAILED = "failed", "Payment failed"
        # The provider reported a payment the shop cannot take as it is (another amount or
        # currency): its stock is put back and a person decides (refund it in the provider's
        # dashboard, or settle by hand).
        NEEDS_ATTENTION = "needs_attention", "Needs attention"

    PAID_STATUSES = (Status.PAID, Status.PARTIALLY_REFUNDED, Status.REFUNDED)
    OPEN_STATUSES = (Status.PENDING, Status.PROCESSING)

    reference = models.CharField(
        max_length=20, unique=True, default=new_order_reference, editable=False
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    currency = models.CharField(max_length=3)
    total = models.DecimalField(max_digits=14, decimal_places=2)
    refunded_amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        help_text="Derived: the shop's succeeded refunds plus those made outside the shop.",
    )
    refunded_outside_shop = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        help_text="Refunded in the provider's dashboard: the payment's refunded total beyond "
        "the shop's own refunds, as the provider last reported it.",
    )
    email = models.EmailField(
        blank=True, help_text="The buyer's address, from the payment provider."
    )
    payment_provider = models.CharField(
        max_length=20,
        choices=Provider,
        default=Provider.STRIPE,
    )
    channel = models.CharField(max_length=10, choices=Channel, default=Channel.WEB)
    payment_method = models.CharField(
        max_length=40, blank=True, help_text='How the reader paid, e.g. "card", "QRIS", "OVO".'
    )
    # Unique across providers too: their ids look nothing alike (cs_..., Xendit's, demo_...).
    provider_checkout_id = models.CharField(
        "Hosted checkout", max_length=255, unique=True, null=True, blank=True
    )
    provider_payment_id = models.CharField(
        "Provider's payment", max_length=255, blank=True, db_index=True
    )
    reader_token = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="A random token kept in the session of the reader who placed it.",
    )
    client_token = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="A keyed hash of the address range the checkout came from, kept only while it "
        "is pending: what bounds the stock one client holds (never the address itself).",
    )
    reservation_expires_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view",)
        permissions = [
            ("refund_order", "Can refund orders"),
            ("settle_order", "Can settle by hand orders that need attention"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_not_negative"),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0, refunded_amount__lte=F("total")),
                name="order_refund_within_total",
            ),
            models.CheckConstraint(
                condition=Q(refunded_outside_shop__gte=0), name="order_outside_refunds_positive"
            ),
            # A reader holds stock for one checkout at a time, whatever their double clicks.
            models.UniqueConstraint(
                fields=["reader_token"],
                condition=Q(status="pending") & ~Q(reader_token=""),
                name="one_pending_checkout_per_reader",
            ),
        ]
        indexes = [
            # One client's open checkouts, counted on every checkout start.
            models.Index(
                fields=["client_token", "created_at"],
                condition=Q(status="pending"),
                name="pending_checkouts_by_client",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_paid(self) -> bool:
        """True once the payment went through (whatever was refunded later)."""
        return self.status in self.PAID_STATUSES

    @property
    def refundable_amount(self) -> Decimal:
        """What is left to refund."""
        return self.total - self.refunded_amount if self.is_paid else Decimal(0)


class OrderLine(models.Model):
    """One variant in an order, priced by the server when the checkout started, and credited
    then (`commerce.shop.services.attribution.credit_for`): the story and block, the creator and
    the rate, and the touch that earned the credit."""

    class Credit(models.TextChoices):
        NONE = "", "Nobody"
        STORY = "story", "Added from a story"
        LINK = "link", "A link to a story"
        REFERRAL = "referral", "A creator's referral link"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalogue.ProductVariant",
        null=True,
        on_delete=models.SET_NULL,
        related_name="order_lines",
    )
    product_name = models.CharField(max_length=200)
    variant_name = models.CharField(max_length=100, blank=True)
    sku = models.CharField("SKU", max_length=64)
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
    quantity = models.PositiveIntegerField()
    source_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_block_id = models.CharField(max_length=64, blank=True)
    creator = models.ForeignKey(
        "creators.CreatorProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    credit = models.CharField(max_length=10, choices=Credit, default=Credit.NONE, blank=True)
    touched_at = models.DateTimeField(
        null=True, blank=True, help_text="When the reader met the story or link credited."
    )
    commission_rate = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="The creator's share of this line, fixed when the checkout started.",
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive")
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku}"

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


class OrderStatusChange(models.Model):
    """One step in an order's history, e.g. "Paid" or "Refunded Rp 50.000"."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=20, choices=Order.Status.choices)
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.status}"
