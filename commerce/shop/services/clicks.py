"""Count readers arriving through creators' referral links and embed cards, per day."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from commerce.shop.models import ReferralClick


def count_click(creator_id: int, channel: str, day: date | None = None) -> None:
    """Add one arrival to the creator's count for `day` (today) on `channel`; concurrent
    arrivals each count once."""
    day = day or timezone.localdate()
    counts = ReferralClick.objects.filter(creator_id=creator_id, day=day, channel=channel)
    if counts.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            ReferralClick.objects.create(creator_id=creator_id, day=day, channel=channel, count=1)
    except IntegrityError:  # another arrival created the row first
        counts.update(count=F("count") + 1)
