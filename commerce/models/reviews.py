"""Reviews of products by the people who bought them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel


class ReviewQuerySet(models.QuerySet):
    def published(self) -> "ReviewQuerySet":
        """Reviews readers may see."""
        return self.filter(is_published=True)


class Review(models.Model):
    """A reader's rating (1 to 5) and words about a product; editors publish it."""

    product = models.ForeignKey(
        "commerce.Product", on_delete=models.CASCADE, related_name="reviews"
    )
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    title = models.CharField(max_length=120, blank=True)
    body = models.TextField(blank=True)
    author_name = models.CharField(max_length=80)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_verified_buyer = models.BooleanField(
        default=False, help_text="The author bought this product through the shop."
    )
    order_line = models.ForeignKey(
        "commerce.OrderLine",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
        help_text="The purchase a buyer's review link was sent for (one review per line).",
    )
    is_published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewQuerySet.as_manager()

    panels = [
        FieldPanel("product"),
        FieldPanel("rating"),
        FieldPanel("title"),
        FieldPanel("body"),
        FieldPanel("author_name"),
        FieldPanel("is_verified_buyer", read_only=True),
        FieldPanel("order_line", read_only=True),
        FieldPanel("is_published"),
    ]

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"
            ),
            # A buyer's link writes one review, however many times (or at once) it is posted.
            models.UniqueConstraint(fields=["order_line"], name="one_review_per_order_line"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.product_id} by {self.author_name}"
