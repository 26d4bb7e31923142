"""Signal receivers: a new creator-post index is opened to the Creators group; the cached
sitemaps and Sites are dropped when what they hold changes.

Feeds, listings and the API read live, public pages on every request; the sitemap is the one
cache of pages, so anything that changes which pages readers may see (publishing, a view
restriction on a page or an ancestor, a move into or out of a private section) drops it.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from commerce.catalogue.models import Product
from content.models import CreatorPostIndexPage
from content.roles import open_to_creators
from content.views import forget_sitemaps
from storyshop.links import forget_sites


@receiver(post_save, sender=CreatorPostIndexPage, dispatch_uid="open_creator_post_index")
def open_new_index_to_creators(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        open_to_creators(instance)


@receiver(page_published, dispatch_uid="sitemap_page_published")
@receiver(page_unpublished, dispatch_uid="sitemap_page_unpublished")
@receiver(post_page_move, dispatch_uid="sitemap_page_moved")
@receiver(post_save, sender=PageViewRestriction, dispatch_uid="sitemap_privacy_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="sitemap_privacy_deleted")
def forget_sitemaps_for_page(sender, **kwargs):
    forget_sitemaps()
    # A request between now and the commit may cache the sitemap as it was: drop it again then.
    transaction.on_commit(forget_sitemaps)


@receiver(post_save, sender=Product, dispatch_uid="sitemap_product_saved")
@receiver(post_delete, sender=Product, dispatch_uid="sitemap_product_deleted")
def forget_sitemaps_for_product(sender, **kwargs):
    forget_sitemaps()


@receiver(post_save, sender=Site, dispatch_uid="cached_sites_saved")
@receiver(post_delete, sender=Site, dispatch_uid="cached_sites_deleted")
def forget_cached_sites(sender, **kwargs):
    forget_sites()
    forget_sitemaps()
