"""Matching and relevance on Wagtail's database index, planned so the match runs once per query.

Wagtail's database search joins each object to its index entry and filters on the match
(`product.id::text = entry.object_id AND vector @@ query` on PostgreSQL, `pk IN (entries JOIN
fts WHERE MATCH)` on SQLite), and scores rows one by one. Neither planner can estimate the
full-text match, so both walk the entries and repeat the match, or the join, for each: at 10,000
products a count took 0.5 s on SQLite and over a minute on PostgreSQL. Here the index entries
alone answer the match (`matching_ids`, used as a subquery), and the relevance of every match
comes from one more query (`search_scores`). This leans on the query compilers of modelsearch's
SQLite and PostgreSQL backends (Wagtail 8.0 pins modelsearch below 1.4), whose modules only
import on their own database, hence the imports inside the functions.
"""

from typing import Any

from django.db import connection
from django.db.models import BigIntegerField, F, FloatField, Func, QuerySet
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast

# Weights of SQLite's FTS5 columns, in their order: autocomplete, body, title (Wagtail boosts
# titles twice).
SQLITE_COLUMN_WEIGHTS = (1.0, 1.0, 2.0)
# PostgreSQL: up to this many matches are passed on as a list (index lookups by primary key);
# more, and re-running the match as a subquery costs less than planning a huge list.
MAX_LISTED_IDS = 1_000


class WeightedBM25(Func):
    """bm25() of the FTS5 table `table`, with SQLITE_COLUMN_WEIGHTS."""

    output_field = FloatField()

    def __init__(self, table: str) -> None:
        super().__init__()
        self.table = table

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        weights = ", ".join(str(weight) for weight in SQLITE_COLUMN_WEIGHTS)
        return f"bm25({self.table}, {weights})", ()


def supported(results: Any) -> bool:
    """True when `results` come from Wagtail's SQLite FTS5 or PostgreSQL search."""
    module = type(results).__module__
    return module.endswith((".database.sqlite.sqlite", ".database.postgres.postgres"))


def matching_ids(results: Any, scores: dict[int, float] | None = None) -> Any:
    """The primary keys of the objects matching database search `results`, for `pk__in`.

    SQLite's FTS5 index makes the match cheap to repeat, so it stays a subquery. PostgreSQL has
    no index on the concatenated vectors Wagtail matches, so a selective match is read once (or
    taken from `scores`, already read) and passed on as a list; a broad one stays a subquery.
    """
    entries = _entries(results)
    if connection.vendor == "sqlite":
        rowids = _sqlite_matches(results).values("index_entry_id")
        return entries.filter(pk__in=rowids).values("object_id")
    vector, tsquery = _postgres_vector_and_query(results)
    matched = entries.annotate(search_vector=vector).filter(search_vector=tsquery)
    subquery = matched.annotate(object_pk=Cast("object_id", BigIntegerField())).values("object_pk")
    ids = list(scores) if scores is not None else None
    if ids is None:
        ids = list(subquery[: MAX_LISTED_IDS + 1].values_list("object_pk", flat=True))
    return ids if len(ids) <= MAX_LISTED_IDS else subquery


def search_scores(results: Any) -> dict[int, float]:
    """{object primary key: relevance, higher is better} for every match of `results`."""
    if connection.vendor == "sqlite":
        matches = _sqlite_matches(results)
        table = matches.model._meta.db_table
        # bm25() is lower for better matches.
        by_entry = {
            entry: -score
            for entry, score in matches.annotate(score=WeightedBM25(table)).values_list(
                "index_entry_id", "score"
            )
        }
        pairs = _entries(results).filter(pk__in=matches.values("index_entry_id"))
        return {
            int(object_id): by_entry[entry]
            for entry, object_id in pairs.values_list("pk", "object_id")
            if entry in by_entry
        }
    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    vector, tsquery = _postgres_vector_and_query(results)
    rank = compiler.build_tsrank(F("title"), compiler.query, config=config) * F("title_norm")
    rank += compiler.build_tsrank(F("body"), compiler.query, config=config)
    rows = (
        _entries(results)
        .annotate(search_vector=vector)
        .filter(search_vector=tsquery)
        .annotate(score=rank)
        .values_list("object_id", "score")
    )
    return {int(object_id): score for object_id, score in rows}


def _entries(results: Any) -> QuerySet[Any]:
    """The index entries of the model `results` searched (and of its subclasses)."""
    from modelsearch.conf import get_app_config
    from modelsearch.utils import get_descendants_content_types_pks

    entries = get_app_config().get_model("IndexEntry")
    content_types = get_descendants_content_types_pks(results.query_compiler.queryset.model)
    return entries.objects.filter(content_type_id__in=content_types)


def _sqlite_matches(results: Any) -> QuerySet[Any]:
    """The FTS5 rows matching SQLite search `results`, with nothing joined to them."""
    from modelsearch.backends.database.sqlite.query import (
        MatchExpression,
        SQLiteFTSIndexEntry,
        normalize,
    )

    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    query = compiler.build_search_query(normalize(compiler.query), config=config)
    return SQLiteFTSIndexEntry.objects.filter(
        MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, query)
    )


def _postgres_vector_and_query(results: Any) -> tuple[Any, Any]:
    """The index entry's combined tsvector columns, and the tsquery, as Wagtail builds them."""
    compiler = results.query_compiler
    tsquery = compiler.build_tsquery(compiler.query, config=compiler.get_config(results.backend))
    columns = [
        F(vector.name.removeprefix("index_entries__"))
        for vector, _boost in compiler.get_index_vectors(tsquery)
    ]
    combined: Any = columns[0]
    for column in columns[1:]:
        combined = CombinedExpression(combined, "||", column)
    return combined, tsquery
