"""Stock held for unpaid checkouts.

A variant's `stock` is what readers can still buy: reserving takes units off it at once, a
payment commits the reservation, and an expired or failed checkout puts the units back.
"""

from django.db import models
from django.db.models import Q


class StockReservation(models.Model):
    """Units of one variant held for one order until its checkout session expires."""

    class Status(models.TextChoices):
        HELD = "held", "Held for checkout"
        COMMITTED = "committed", "Sold"
        RELEASED = "released", "Released"

    order = models.ForeignKey(
        "commerce.Order", on_delete=models.CASCADE, related_name="reservations"
    )
    variant = models.ForeignKey(
        "catalogue.ProductVariant", on_delete=models.CASCADE, related_name="reservations"
    )
    quantity = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="When the checkout session ends; empty once paid."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["variant_id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "variant"], name="one_reservation_per_line"),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="reservation_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.variant_id} for order {self.order_id} ({self.status})"


class HoldLock(models.Model):
    """The lock one client's checkout takes while it counts and holds stock.

    A row lives only inside that checkout's transaction: inserting it waits for any other
    checkout of the same client that holds it (the unique index; on SQLite, the write lock), and
    it is deleted before the commit, so the table is empty between checkouts and keeps nothing
    about anyone.
    """

    client_token = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"Checkout lock {self.client_token[:8]}"
