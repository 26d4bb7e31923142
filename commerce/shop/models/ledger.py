"""The commission ledger and the payouts that pay it.

The ledger is append-only: an entry is never changed or deleted, a correction is a new entry.
A creator's balance is the sum of their entries; what state each is in (pending, payable, in a
payout, paid) follows from its `available_at` and the payout that holds it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class CommissionEntry(models.Model):
    """One movement of a creator's commission on one order, at one rate.

    `base` is what the reader paid for the creator's lines at that rate (negative for what a
    refund took back); `amount` is the commission on it, rounded down to the cent.
    """

    class Kind(models.TextChoices):
        ACCRUAL = "accrual", "Earned on a paid order"
        REVERSAL = "reversal", "Taken back by a refund"
        RESTORE = "restore", "Given back (a refund was undone)"

    creator = models.ForeignKey(
        "creators.CreatorProfile", on_delete=models.PROTECT, related_name="ledger"
    )
    order = models.ForeignKey(
        "commerce.Order",
        on_delete=models.PROTECT,
        related_name="commission_entries",
        db_index=False,  # `ledger_by_order` starts with it
    )
    kind = models.CharField(max_length=10, choices=Kind)
    rate = models.DecimalField(max_digits=4, decimal_places=3)
    base = models.DecimalField(max_digits=14, decimal_places=2)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    # When it may be paid out: an accrual after the holding period (the return window).
    available_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["creator", "available_at"], name="ledger_by_creator"),
            # A line's entries (its order, creator and rate): "My results" per story.
            models.Index(fields=["order", "creator", "rate"], name="ledger_by_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "creator", "rate"],
                condition=Q(kind="accrual"),
                name="one_accrual_per_order_creator_rate",
            ),
            models.CheckConstraint(
                condition=Q(kind="accrual", amount__gte=0)
                | Q(kind="reversal", amount__lte=0)
                | Q(kind="restore", amount__gte=0),
                name="entry_amount_sign_follows_its_kind",
            ),
        ]
        verbose_name_plural = "commission entries"

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.currency} for {self.creator_id}"


class PayoutAccount(models.Model):
    """Where a creator is paid: one rail and its details. Account numbers and names are
    personal data: shown to the creator and to staff who may manage payouts, never logged."""

    class Rail(models.TextChoices):
        # The names of `commerce.shop.payouts.registry.RAILS`.
        XENDIT = "xendit", "Bank account or e-wallet in Indonesia (Xendit)"
        STRIPE_CONNECT = "stripe_connect", "Stripe Connect"
        BANK_FILE = "bank_file", "Bank transfer by the shop's staff"

    creator = models.OneToOneField(
        "creators.CreatorProfile", on_delete=models.CASCADE, related_name="payout_account"
    )
    rail = models.CharField(max_length=20, choices=Rail, default=Rail.BANK_FILE)
    stripe_account_id = models.CharField(max_length=64, blank=True)
    country = models.CharField(
        max_length=2,
        blank=True,
        help_text="Where the creator lives (ISO code, e.g. MY or AU): Stripe Connect needs it.",
    )
    channel_code = models.CharField(
        max_length=40, blank=True, help_text='Xendit channel, e.g. "ID_BCA" or "ID_OVO".'
    )
    bank = models.CharField(max_length=100, blank=True)
    account_number = models.CharField(max_length=40, blank=True)
    account_holder = models.CharField(max_length=100, blank=True)
    tax_number = models.CharField(
        max_length=32,
        blank=True,
        help_text="For the tax withheld from payouts (NPWP in Indonesia).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.rail} account of {self.creator_id}"

    def __repr__(self) -> str:  # personal data stays out of logs and tracebacks
        return f"<PayoutAccount {self.pk} {self.rail}>"


class Payout(models.Model):
    """One payment to one creator of the entries it holds (a negative entry is a clawback)."""

    class Status(models.TextChoices):
        PROCESSING = "processing", "Processing"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed"

    reference = models.CharField(max_length=32, unique=True)
    creator = models.ForeignKey(
        "creators.CreatorProfile", on_delete=models.PROTECT, related_name="payouts"
    )
    rail = models.CharField(max_length=20)
    # The entries' sum, what is withheld from it (tax) and what is sent.
    gross = models.DecimalField(max_digits=14, decimal_places=2)
    withheld = models.DecimalField(max_digits=14, decimal_places=2)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=12, choices=Status, default=Status.PROCESSING)
    provider_id = models.CharField(max_length=100, blank=True)
    failure = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("run_payouts", "Can run payouts and see payout details")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_more_than_zero"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def awaits_bank_transfer(self) -> bool:
        """A bank-file payout staff have not marked paid yet."""
        return self.rail == PayoutAccount.Rail.BANK_FILE and self.status == self.Status.PROCESSING


class PayoutItem(models.Model):
    """An entry a payout pays. A failed payout releases its items (the entries are payable
    again); an entry is held by at most one payout that is not released."""

    payout = models.ForeignKey(Payout, on_delete=models.PROTECT, related_name="items")
    entry = models.ForeignKey(CommissionEntry, on_delete=models.PROTECT, related_name="items")
    released = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry"], condition=Q(released=False), name="an_entry_is_paid_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} in {self.payout_id}"
