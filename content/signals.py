"""Signal receivers: a new creator-post index is opened to the Creators group."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from content.models import CreatorPostIndexPage
from content.permissions import open_to_creators


@receiver(post_save, sender=CreatorPostIndexPage, dispatch_uid="open_creator_post_index")
def open_new_index_to_creators(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        open_to_creators(instance)
