"""The database fallback: Wagtail's database search (SQLite FTS5, PostgreSQL full text) for the
words, the ORM for filters, facet counts, sorting and pages.

Every story type and products are searched as separate sources (one queryset each); their
matches are merged in Python for one ranked page. Facet counts follow the same rule as on
Elasticsearch: each facet counts with every filter except its own. What Wagtail's database search
cannot do is not pretended: no typo tolerance, and only the fields in each model's
`search_fields` are searched.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    Min,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from commerce.catalogue.models import Product, ProductVariant
from search.facets import PRODUCT_TYPE, price_band, price_bands, site_currency, story_types
from search.fulltext import matching_ids, search_scores, supported
from search.models import ProductFeature
from search.results import BackendAnswer, Kind, Match, SearchQuery, Sort, start_of_day

PRODUCT_ONLY_FACETS = ("price", "in_stock")


@dataclass(frozen=True)
class Source:
    """One model searched: a story type or the products."""

    kind: Kind
    type_key: str
    model: type[Model]
    date_field: str

    def base(self) -> QuerySet[Any]:
        """What readers may find: live, public stories; visible products."""
        if self.kind == "product":
            return _products()
        return self.model.objects.live().public()  # type: ignore[attr-defined]


def sources() -> list[Source]:
    """Every story type of `story_page_types()`, then products."""
    stories = [Source("story", key, model, "date") for key, model in story_types().items()]
    return [*stories, Source("product", PRODUCT_TYPE, Product, "created_at")]


def _products() -> QuerySet[Product]:
    """Visible products annotated with the price and stock their cards show.

    Mirrors `Product.price_from` (lowest price of an active variant, else the product price) and
    `Product.stock` (units across active variants); tests hold the two to the same values.
    """
    variants = ProductVariant.objects.filter(product=OuterRef("pk"), is_active=True).order_by()
    lowest = variants.values("product").annotate(
        lowest=Min(Coalesce("price_override", "product__price"))
    )
    units = variants.values("product").annotate(units=Sum("stock"))
    return Product.objects.visible().annotate(
        search_price=Coalesce(
            Subquery(lowest.values("lowest"), output_field=DecimalField()), F("price")
        ),
        search_stock=Coalesce(Subquery(units.values("units"), output_field=IntegerField()), 0),
    )


def search_database(query: SearchQuery) -> BackendAnswer:
    """Answer `query` from the database, in the same shape as Elasticsearch does."""
    matched = {source.type_key: _matched(source, query) for source in sources()}
    chosen = [source for source in sources() if _included(source, query)]
    counts = _facet_counts(query, matched) if query.with_facets else {}
    if "type" in counts:
        total = sum(counts["type"].get(source.type_key, 0) for source in chosen)
    else:
        total = sum(_filtered(source, query, matched, skip=None).count() for source in chosen)
    rows = [row for source in chosen for row in _candidates(source, query, matched)]
    rows.sort(key=_sort_key(query.effective_sort))
    page = rows[query.offset : query.offset + query.page_size]
    matches = tuple(Match(kind=row["kind"], type_key=row["type"], pk=row["pk"]) for row in page)
    return BackendAnswer(matches=matches, total=total, facet_counts=counts)


@dataclass(frozen=True)
class Matched:
    """A source's objects containing every word, and every match's relevance when ranked."""

    queryset: QuerySet[Any]
    scores: dict[int, float] | None = None


def _matched(source: Source, query: SearchQuery) -> Matched:
    """The source's objects that contain every word (all of them when there are no words)."""
    queryset = source.base()
    if not query.terms:
        return Matched(queryset)
    find = queryset.autocomplete if query.as_you_type else queryset.search  # type: ignore[attr-defined]
    results = find(query.words, operator="and", order_by_relevance=False)
    if not supported(results):
        # Another database backend: its own queryset (every one builds one; facet() uses it).
        return Matched(results.get_queryset(), {})
    scores = search_scores(results) if query.effective_sort == Sort.RELEVANCE else None
    return Matched(queryset.filter(pk__in=matching_ids(results, scores)), scores)


def _included(source: Source, query: SearchQuery, skip: str | None = None) -> bool:
    """Whether any of the source's objects can pass the filters (facet `skip` left out)."""
    if skip != "type" and query.types and source.type_key not in query.types:
        return False
    product_only = [name for name in PRODUCT_ONLY_FACETS if name != skip]
    wants_product = (query.price_bands and "price" in product_only) or (
        query.in_stock and "in_stock" in product_only
    )
    return source.kind == "product" or not wants_product


def _filtered(
    source: Source, query: SearchQuery, matched: dict[str, Matched], skip: str | None
) -> QuerySet[Any]:
    """The source's matches narrowed by every chosen facet value except those of `skip`."""
    queryset = matched[source.type_key].queryset
    if not _included(source, query, skip):
        return queryset.none()
    if query.tags and skip != "tag":
        through = source.base().model._meta.get_field("tags").remote_field.through
        tagged = through.objects.filter(tag__slug__in=query.tags).values("content_object_id")
        queryset = queryset.filter(pk__in=tagged)
    if query.creators and skip != "creator":
        if source.kind == "story":
            queryset = queryset.filter(creator__slug__in=query.creators)
        else:
            featured = ProductFeature.objects.filter(creator__slug__in=query.creators)
            queryset = queryset.filter(pk__in=featured.values("product_id"))
    if query.price_bands and skip != "price":
        queryset = queryset.filter(currency=site_currency()).filter(_any_band(query.price_bands))
    if query.in_stock and skip != "in_stock":
        queryset = queryset.filter(search_stock__gt=0)
    return queryset


def _any_band(keys: tuple[str, ...]) -> Q:
    condition = Q()
    for key in keys:
        condition |= _band(key)
    return condition


def _band(key: str) -> Q:
    band = price_band(key)
    condition = Q(search_price__gte=band.low)
    if band.high is not None:
        condition &= Q(search_price__lt=band.high)
    return condition


def _facet_counts(query: SearchQuery, matched: dict[str, Matched]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {"type": {}, "tag": {}, "creator": {}}
    for source in sources():
        counts["type"][source.type_key] = _filtered(source, query, matched, "type").count()
        if not _included(source, query):
            continue
        _add(counts["tag"], _tag_counts(source, _filtered(source, query, matched, "tag")))
        _add(
            counts["creator"], _creator_counts(source, _filtered(source, query, matched, "creator"))
        )
    product = sources()[-1]
    priced = _filtered(product, query, matched, "price").filter(currency=site_currency())
    if _included(product, query, "price"):
        by_band = priced.aggregate(
            **{band.key: Count("pk", filter=_band(band.key)) for band in price_bands()}
        )
    else:
        by_band = {}
    counts["price"] = {key: count for key, count in by_band.items() if count}
    in_stock = _filtered(product, query, matched, "in_stock").filter(search_stock__gt=0)
    counts["in_stock"] = {"1": in_stock.count() if _included(product, query, "in_stock") else 0}
    return counts


def _tag_counts(source: Source, queryset: QuerySet[Any]) -> dict[str, int]:
    through = queryset.model._meta.get_field("tags").remote_field.through
    rows = (
        through.objects.filter(content_object_id__in=queryset.order_by().values("pk"))
        .values("tag__slug")
        .annotate(count=Count("content_object_id", distinct=True))
    )
    return {row["tag__slug"]: row["count"] for row in rows}


def _creator_counts(source: Source, queryset: QuerySet[Any]) -> dict[str, int]:
    if source.kind == "story":
        rows = (
            queryset.order_by()
            .filter(creator__isnull=False)
            .values("creator__slug")
            .annotate(count=Count("pk", distinct=True))
        )
    else:
        rows = (
            ProductFeature.objects.filter(
                product_id__in=queryset.order_by().values("pk"), creator__isnull=False
            )
            .values("creator__slug")
            .annotate(count=Count("product_id", distinct=True))
        )
    return {row["creator__slug"]: row["count"] for row in rows}


def _add(total: dict[str, int], more: dict[str, int]) -> None:
    for key, count in more.items():
        total[key] = total.get(key, 0) + count


def _candidates(
    source: Source, query: SearchQuery, matched: dict[str, Matched]
) -> list[dict[str, Any]]:
    """The first `offset + page_size` objects of the source in the page's order, as sort keys."""
    queryset = _filtered(source, query, matched, skip=None)
    sort = query.effective_sort
    scores = matched[source.type_key].scores
    fields = ["pk", source.date_field]
    if source.kind == "product":
        fields.append("search_price")
    if sort == Sort.PRICE and source.kind == "product":
        queryset = queryset.order_by("search_price", f"-{source.date_field}", "-pk")
    else:
        queryset = queryset.order_by(f"-{source.date_field}", "-pk")
    window = query.offset + query.page_size
    rows = [
        {
            "kind": source.kind,
            "type": source.type_key,
            "pk": row["pk"],
            "date": _as_datetime(row[source.date_field]),
            "relevance": scores.get(row["pk"], 0.0) if scores else 0.0,
            "price": row.get("search_price"),
        }
        # Ranked by relevance, every match is sorted here by its score; otherwise the database
        # sorts and only the first `window` rows are read.
        for row in (
            queryset.values(*fields) if scores is not None else queryset.values(*fields)[:window]
        )
    ]
    return sorted(rows, key=_sort_key(sort))[:window]


def _as_datetime(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else start_of_day(value)


def _sort_key(sort: Sort) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    def newest(row: dict[str, Any]) -> tuple[Any, ...]:
        return (-row["date"].timestamp(), -row["pk"])

    if sort == Sort.PRICE:
        return lambda row: (row["price"] is None, row["price"] or Decimal(0), *newest(row))
    if sort == Sort.RELEVANCE:
        return lambda row: (-row["relevance"], *newest(row))
    return newest
