"""Creator commissions: a share of the paid, unrefunded sales a creator's stories drove."""

from django.db import models
from django.db.models import Q


class Commission(models.Model):
    """What one creator earns on one order; shrinks with refunds, reversed by a full refund."""

    class Status(models.TextChoices):
        EARNED = "earned", "Earned"
        REVERSED = "reversed", "Reversed (refunded)"

    order = models.ForeignKey(
        "commerce.Order", on_delete=models.CASCADE, related_name="commissions"
    )
    creator = models.ForeignKey(
        "creators.CreatorProfile", on_delete=models.PROTECT, related_name="commissions"
    )
    rate = models.DecimalField(max_digits=4, decimal_places=3)
    sales_amount = models.DecimalField(
        max_digits=14, decimal_places=2, help_text="The order lines the creator's stories sold."
    )
    amount = models.DecimalField(
        max_digits=14, decimal_places=2, help_text="What the creator earns now, after refunds."
    )
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.EARNED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "creator"], name="one_commission_per_creator"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="commission_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.creator_id} on order {self.order_id}: {self.amount} {self.currency}"
