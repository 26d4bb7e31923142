"""Readers' reviews of products; the shop records which purchase a buyer's review came from."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel


class ReviewQuerySet(models.QuerySet):
    def published(self) -> "ReviewQuerySet":
        """Reviews readers may see."""
        return self.filter(is_published=True)

    def latest_published_of(self, product_id: int, count: int) -> "ReviewQuerySet":
        """The newest `count` published reviews of a product."""
        return self.published().filter(product_id=product_id).order_by("-created_at", "-pk")[:count]


class Review(models.Model):
    """A reader's rating (1 to 5) and words about a product; editors publish it."""

    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, related_name="reviews"
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
        FieldPanel("is_published"),
    ]

    class Meta:
        ordering = ["-created_at"]
        # Reviews began in the shop's app; moving them kept their table.
        db_table = "commerce_review"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.product_id} by {self.author_name}"
