"""Rebuild everything search derives: the feature table and, with Elasticsearch, both indices.

New indices are filled while readers keep searching the old ones; both aliases then move in one
atomic request and the old indices are deleted. Changes requested while the rebuild ran are
replayed afterwards, so nothing edited meanwhile is lost.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.models import Page

from commerce.catalogue.models import Product
from search import elastic
from search.documents import product_document, story_document
from search.facets import story_types
from search.features import rebuild_all_features
from search.indexing import drain_indexing_requests
from search.models import IndexingRequest, ProductFeature

CHUNK_SIZE = 500
# Reports progress: (what, how many done, how many in all).
Progress = Callable[[str, int, int], None]


@dataclass
class RebuildReport:
    features: int = 0
    stories: int = 0
    products: int = 0
    indices: dict[elastic.IndexKind, str] = field(default_factory=dict)
    replayed: int = 0


def live_stories() -> Iterator[Page]:
    """Every live, public story, type by type, with what its document needs loaded."""
    for model in story_types().values():
        pages = model.objects.live().public().select_related("creator")
        yield from pages.prefetch_related("tags").order_by("pk").iterator(chunk_size=CHUNK_SIZE)


def count_live_stories() -> int:
    return sum(model.objects.live().public().count() for model in story_types().values())


def rebuild_search_index(progress: Progress) -> RebuildReport:
    """Rebuild the feature table, then (with Elasticsearch) new indices swapped in atomically.

    Raises:
        SearchUnavailable: Elasticsearch failed; the aliases still point at the old indices.
    """
    started = timezone.now()
    report = RebuildReport()
    story_total = count_live_stories()
    report.features = rebuild_all_features(
        _counted(live_stories(), "Features", story_total, progress)
    )
    if elastic.is_configured():
        _rebuild_elasticsearch(report, story_total, progress)
    # Requests made before the rebuild started are covered by it; later ones are replayed.
    now = timezone.now()
    pending = IndexingRequest.objects.filter(done_at__isnull=True, requested_at__lt=started)
    pending.update(done_at=now, attempts=0, last_error="")
    report.replayed = IndexingRequest.objects.filter(requested_at__gte=started).update(
        done_at=None, due_at=now
    )
    drain_indexing_requests()
    return report


def _rebuild_elasticsearch(report: RebuildReport, story_total: int, progress: Progress) -> None:
    new: dict[elastic.IndexKind, str] = {}
    try:
        new["stories"] = elastic.create_index("stories")
        stories = (story_document(story) for story in live_stories())
        report.stories = elastic.bulk_save(
            new["stories"], _counted(stories, "Stories", story_total, progress)
        )
        new["products"] = elastic.create_index("products")
        products = Product.objects.visible().prefetch_related("variants", "tags").order_by("pk")
        features = _features_by_product()
        product_documents = (
            product_document(product, features[product.pk])
            for product in products.iterator(chunk_size=CHUNK_SIZE)
        )
        report.products = elastic.bulk_save(
            new["products"], _counted(product_documents, "Products", products.count(), progress)
        )
        for index in new.values():
            elastic.refresh(index)
        old = elastic.swap_aliases(new)
    except Exception:
        elastic.delete_indices(new.values())
        raise
    elastic.delete_indices(old)
    report.indices = dict(new)


def _features_by_product() -> dict[int, list[ProductFeature]]:
    features: dict[int, list[ProductFeature]] = defaultdict(list)
    for row in ProductFeature.objects.select_related("story", "creator").iterator(CHUNK_SIZE):
        features[row.product_id].append(row)
    return features


def _counted[T](items: Iterable[T], label: str, total: int, progress: Progress) -> Iterator[T]:
    done = 0
    progress(label, done, total)
    for item in items:
        yield item
        done += 1
        if done % 100 == 0 or done == total:
            progress(label, done, total)
    if done != total:
        progress(label, done, done)
