"""The demo payment provider's own records: what a real provider keeps on its servers."""

from django.db import models


class DemoCheckout(models.Model):
    """A checkout on the demo provider's page (development and the demo only)."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"

    checkout_id = models.CharField(max_length=64, unique=True)
    order_reference = models.CharField(max_length=20, db_index=True)
    amount = models.PositiveBigIntegerField(help_text="In the currency's minor units.")
    currency = models.CharField(max_length=3)
    state = models.CharField(max_length=10, choices=State, default=State.OPEN)
    method = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True, help_text="The address the shop gave for the receipt.")
    success_url = models.URLField(max_length=2000)
    cancel_url = models.URLField(max_length=2000)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.checkout_id} ({self.state})"
