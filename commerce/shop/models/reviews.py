"""Which purchase a buyer's review came from (the review itself is the catalogue's)."""

from django.db import models


class ReviewedPurchase(models.Model):
    """An order line its buyer reviewed through the link in their e-mail: one review per line."""

    order_line = models.OneToOneField(
        "commerce.OrderLine", on_delete=models.CASCADE, related_name="reviewed_purchase"
    )
    review = models.OneToOneField(
        "catalogue.Review", on_delete=models.CASCADE, related_name="purchase"
    )

    def __str__(self) -> str:
        return f"Line {self.order_line_id} reviewed in review {self.review_id}"
