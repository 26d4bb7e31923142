"""Keeping search up to date: requests in an outbox, drained by a Django task, with retries.

Signals call `request_story_sync` / `request_product_sync` inside the transaction that changed
the object; the row commits with the change, and the task is enqueued on commit. The task syncs
each due object from what the database says now (index it if readers may see it, remove it
otherwise), so requests can be repeated or reordered safely. A failure is logged, counted and
retried later with back-off (`retry_search_indexing` runs a pass by hand or from cron); it is
never dropped.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from wagtail.models import Page

from commerce.catalogue.models import Product
from content.page_types import story_page_types
from search import elastic
from search.documents import product_document, story_document
from search.exceptions import SearchUnavailable
from search.features import replace_story_features
from search.models import IndexingRequest, ProductFeature

logger = logging.getLogger(__name__)

Kind = IndexingRequest.Kind
BATCH_SIZE = 100
MAX_BACKOFF = timedelta(hours=1)
KEEP_DONE = timedelta(days=1)


@dataclass
class DrainReport:
    done: int = 0
    failed: int = 0


def request_story_sync(page_id: int) -> None:
    """Ask for the story's search entry to be brought up to date once this transaction commits."""
    _request(Kind.STORY, [page_id])


def request_stories_below_sync(page_id: int) -> None:
    """Ask for every story at or below the page to be brought up to date once this commits.

    Who may see a page follows its view restrictions and its ancestors' (Wagtail's `public()`),
    so a restriction added, changed or lifted, or a move into or out of a private section,
    changes what readers may find of every story below it.
    """
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    below = Page.objects.descendant_of(page, inclusive=True).type(*story_page_types())
    _request(Kind.STORY, list(below.values_list("pk", flat=True)))


def request_product_sync(product_ids: list[int]) -> None:
    """Ask for the products' search entries to be brought up to date once this commits."""
    _request(Kind.PRODUCT, product_ids)


def _request(kind: str, object_ids: list[int]) -> None:
    if not object_ids:
        return
    now = timezone.now()
    IndexingRequest.objects.bulk_create(
        [
            IndexingRequest(kind=kind, object_id=pk, requested_at=now, due_at=now)
            for pk in sorted(set(object_ids))
        ],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["requested_at", "due_at", "done_at"],
    )
    transaction.on_commit(process_indexing_requests.enqueue)


@task
def process_indexing_requests() -> int:
    """The indexing task: sync every due request; returns how many were done."""
    return drain_indexing_requests().done


def drain_indexing_requests(limit: int = 2000) -> DrainReport:
    """Sync due requests, oldest first, until none is due or `limit` were tried."""
    report = DrainReport()
    IndexingRequest.objects.filter(done_at__lt=timezone.now() - KEEP_DONE).delete()
    while report.done + report.failed < limit:
        due = list(
            IndexingRequest.objects.filter(done_at__isnull=True, due_at__lte=timezone.now())
            .order_by("due_at", "pk")
            .values_list("pk", flat=True)[:BATCH_SIZE]
        )
        if not due:
            break
        for pk in due:
            _process(pk, report)
    return report


def _process(pk: int, report: DrainReport) -> None:
    with transaction.atomic():
        # Another worker may hold or have finished this row; skip it then.
        request = (
            IndexingRequest.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, done_at__isnull=True)
            .first()
        )
        if request is None:
            return
        try:
            with transaction.atomic():
                _sync(request)
        except Exception as error:
            request.attempts += 1
            request.due_at = timezone.now() + min(
                MAX_BACKOFF, timedelta(minutes=2**request.attempts)
            )
            request.last_error = str(error)[:2000]
            request.save(update_fields=["attempts", "due_at", "last_error"])
            report.failed += 1
            logger.warning(
                "Search index update for %s failed (attempt %d), retrying after %s: %s",
                request,
                request.attempts,
                request.due_at.isoformat(),
                error,
                exc_info=not isinstance(error, SearchUnavailable),
            )
        else:
            request.done_at = timezone.now()
            request.attempts = 0
            request.last_error = ""
            request.save(update_fields=["done_at", "attempts", "last_error"])
            report.done += 1


def _sync(request: IndexingRequest) -> None:
    if request.kind == Kind.STORY:
        sync_story(request.object_id)
    else:
        sync_product(request.object_id)


def sync_story(page_id: int) -> None:
    """Index the story if it is live and public, remove it otherwise; refresh its products."""
    story = (
        Page.objects.live().public().type(*story_page_types()).filter(pk=page_id).specific().first()
    )
    affected = replace_story_features(page_id, story)
    if elastic.is_configured():
        if story is not None:
            elastic.save_document("stories", story_document(story))
        else:
            elastic.delete_document("stories", page_id)
        # Their "featured in" and creators come from this story.
        request_product_sync(sorted(affected))


def sync_product(product_id: int) -> None:
    """Index the product if readers may see it, remove it otherwise (Elasticsearch only)."""
    if not elastic.is_configured():
        return
    product = (
        Product.objects.visible().prefetch_related("variants", "tags").filter(pk=product_id).first()
    )
    if product is None:
        elastic.delete_document("products", product_id)
        return
    features = ProductFeature.objects.filter(product=product).select_related("story", "creator")
    elastic.save_document("products", product_document(product, features))
