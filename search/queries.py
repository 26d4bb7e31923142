"""One search over stories and products: `search_site`, used by the search page and suggestions.

It chooses the backend, so views never branch on it: Elasticsearch when ELASTICSEARCH_URL is
set, Wagtail's database search otherwise, and the database too (with a warning in the log and a
notice in the results) when Elasticsearch is configured but cannot answer.
"""

import logging

from search import elastic
from search.database import search_database
from search.elastic_query import search_elasticsearch
from search.exceptions import SearchUnavailable
from search.facets import build_facets
from search.hits import load_hits
from search.results import Backend, BackendAnswer, SearchQuery, SearchResults

logger = logging.getLogger(__name__)

DEGRADED_NOTICE = (
    "Search is running in a simpler mode for a moment: results come from the database, "
    "without typo tolerance."
)


def search_site(query: SearchQuery) -> SearchResults:
    """Search live stories and visible products for `query`.

    A query with neither words nor filters searches nothing and says so (`searched` is False).
    """
    if not query.terms and not query.has_filters:
        return SearchResults(query=query)
    answer, backend, degraded = _answer(query)
    return SearchResults(
        query=query,
        hits=load_hits(answer.matches, query),
        total=answer.total,
        facets=build_facets(query, answer.facet_counts) if query.with_facets else (),
        backend=backend,
        degraded=degraded,
        notice=DEGRADED_NOTICE if degraded else "",
    )


def _answer(query: SearchQuery) -> tuple[BackendAnswer, Backend, bool]:
    if not elastic.is_configured():
        return search_database(query), "database", False
    try:
        return search_elasticsearch(query), "elasticsearch", False
    except SearchUnavailable as error:
        logger.warning("Searching the database instead of Elasticsearch: %s", error)
        return search_database(query), "database", True
