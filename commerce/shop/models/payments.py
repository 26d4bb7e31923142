"""The providers' side of the money: the notifications received and the refunds asked for."""

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum


class PaymentEvent(models.Model):
    """A payment provider's notification, stored once by its id so redeliveries are recognised."""

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=255)
    type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="one_event_per_id")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_id} ({self.type})"


class Refund(models.Model):
    """Money given back on an order through its provider, for chosen lines, asked for by staff."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Sent to the payment provider"
        PENDING = "pending", "Pending at the payment provider"
        SUCCEEDED = "succeeded", "Refunded"
        FAILED = "failed", "Failed"

    order = models.ForeignKey("commerce.Order", on_delete=models.CASCADE, related_name="refunds")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    request_key = models.CharField(
        max_length=64, unique=True, help_text="Makes a repeated refund request a no-op."
    )
    provider_refund_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    failure_message = models.CharField(max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")
        ]

    def __str__(self) -> str:
        return f"Refund {self.pk} of {self.amount} on order {self.order_id}"


class RefundLine(models.Model):
    """How many units of one order line a refund gives the money back for."""

    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(
        "commerce.OrderLine", on_delete=models.CASCADE, related_name="refund_lines"
    )
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["refund", "order_line"], name="one_refund_line_per_line"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="refund_line_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x line {self.order_line_id} in refund {self.refund_id}"

    @staticmethod
    def units_by_line(order_id: int, statuses: Iterable[str]) -> dict[int, int]:
        """How many units of each of an order's lines are in its refunds with one of
        `statuses` ({line id: units}; lines in none are left out)."""
        rows = (
            RefundLine.objects.filter(refund__order_id=order_id, refund__status__in=statuses)
            .values("order_line_id")
            .annotate(units=Sum("quantity"))
        )
        return {row["order_line_id"]: row["units"] for row in rows}
