"""Clicks on creators' referral links and embed cards, counted per creator and day."""

from django.db import models
from django.db.models import Q


class ReferralClick(models.Model):
    """How many readers arrived through one creator's links on one day, by channel.

    A count, not a log: nothing about the reader is kept.
    """

    class Channel(models.TextChoices):
        LINK = "link", "Links"
        EMBED = "embed", "Embed cards"

    creator = models.ForeignKey(
        "creators.CreatorProfile", on_delete=models.CASCADE, related_name="clicks"
    )
    day = models.DateField()
    channel = models.CharField(max_length=10, choices=Channel)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["creator", "day", "channel"], name="one_click_count_per_day"
            ),
            models.CheckConstraint(condition=Q(count__gte=0), name="click_count_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.creator_id} {self.day} {self.channel}: {self.count}"
