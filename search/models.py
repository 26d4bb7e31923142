"""What search keeps in the database: the indexing outbox and the products stories feature."""

from django.db import models
from django.utils import timezone


class IndexingRequest(models.Model):
    """A story or product whose search entry must be brought up to date (the indexing outbox).

    A row is written in the same transaction as the change that needs it, so nothing is lost if
    the process stops after the commit. The indexing task drains due rows; a failure keeps the
    row, records the error and makes it due again later (back-off). One row per object: a new
    change to an object that is still waiting simply makes its row due now. Done rows stay for a
    day so `rebuild_search_index` can replay what changed while it was building.
    """

    class Kind(models.TextChoices):
        STORY = "story", "Story"
        PRODUCT = "product", "Product"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    requested_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="search_one_request_per_object"
            )
        ]
        indexes = [models.Index(fields=["done_at", "due_at"], name="search_request_due")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class ProductFeature(models.Model):
    """A product that a live story mentions in its body, and the creator behind that story.

    Derived from the stories' product blocks when they are published and kept by the indexing
    task, so both search backends can answer "stories that feature it" and "creators who feature
    it" without reading every story's StreamField.
    """

    story = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="+")
    creator = models.ForeignKey(
        "creators.CreatorProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "product"], name="search_feature_once")
        ]

    def __str__(self) -> str:
        return f"product {self.product_id} in story {self.story_id}"
