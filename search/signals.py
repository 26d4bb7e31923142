"""Receivers that ask for search updates when readers' view of a story or product changes.

Only publishing, unpublishing, deleting and privacy touch stories: saving a draft changes
nothing readers see, while a view restriction added, changed or lifted on a page or an
ancestor, or a move into or out of a private section, changes who may see every story below
it. Products and their variants count on save and delete, and stock that sells out or comes
back (commerce changes stock with UPDATEs, which send no save signal). Each receiver only
writes an outbox row (see search.indexing); the indexing itself runs as a task after the commit.
"""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from commerce.catalogue.models import Product, ProductVariant
from commerce.catalogue.signals import availability_changed
from content.page_types import story_page_types
from search import elastic
from search.indexing import request_product_sync, request_stories_below_sync, request_story_sync
from search.models import ProductFeature


def story_changed(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    request_story_sync(instance.pk)


def story_deleting(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    # The story's feature rows go with it, so its products are asked for now, while known.
    request_story_sync(instance.pk)
    rows = ProductFeature.objects.filter(story_id=instance.pk)
    request_product_sync(list(rows.values_list("product_id", flat=True)))


def privacy_changed(
    sender: type[PageViewRestriction], instance: PageViewRestriction, **kwargs: Any
) -> None:
    if not kwargs.get("raw"):
        request_stories_below_sync(instance.page_id)


def page_moved(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    request_stories_below_sync(instance.pk)


def product_changed(sender: type[Product], instance: Product, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        request_product_sync([instance.pk])


def variant_changed(sender: type[ProductVariant], instance: ProductVariant, **kwargs: Any) -> None:
    if not kwargs.get("raw") and instance.product_id:
        request_product_sync([instance.product_id])


def availability_moved(sender: type[ProductVariant], variant_ids: list[int], **kwargs: Any) -> None:
    """Only Elasticsearch stores "in stock"; the database fallback reads the stock live.

    The request is written after the stock change commits, in its own transaction, so a
    checkout never waits on the outbox row an editor's save holds; should the process die in
    between, the next change or `rebuild_search_index` puts the flag right, and the cards on
    the results page show live stock either way.
    """
    if elastic.is_configured():
        transaction.on_commit(lambda: _request_products_of(variant_ids))


def _request_products_of(variant_ids: list[int]) -> None:
    variants = ProductVariant.objects.filter(pk__in=variant_ids)
    request_product_sync(list(variants.values_list("product_id", flat=True).distinct()))


def connect_receivers() -> None:
    """Connect the receivers for every story page type, products and variants."""
    for model in story_page_types():
        page_published.connect(story_changed, sender=model, dispatch_uid=f"search-pub-{model}")
        page_unpublished.connect(story_changed, sender=model, dispatch_uid=f"search-unpub-{model}")
        pre_delete.connect(story_deleting, sender=model, dispatch_uid=f"search-del-{model}")
    post_save.connect(privacy_changed, sender=PageViewRestriction, dispatch_uid="search-privacy")
    post_delete.connect(
        privacy_changed, sender=PageViewRestriction, dispatch_uid="search-privacy-lifted"
    )
    post_page_move.connect(page_moved, dispatch_uid="search-page-moved")
    post_save.connect(product_changed, sender=Product, dispatch_uid="search-product-save")
    post_delete.connect(product_changed, sender=Product, dispatch_uid="search-product-delete")
    post_save.connect(variant_changed, sender=ProductVariant, dispatch_uid="search-variant-save")
    post_delete.connect(variant_changed, sender=ProductVariant, dispatch_uid="search-variant-del")
    availability_changed.connect(availability_moved, dispatch_uid="search-availability")
