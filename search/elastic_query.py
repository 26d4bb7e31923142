"""Translate a SearchQuery into one Elasticsearch search over both indices, and read the answer.

Each facet's counts are computed with every filter except its own (so choosing "Batik" still
shows how many match "Coffee"), and the hits are filtered by all of them through `post_filter`.
Nothing here talks to Elasticsearch; `search.elastic.run_search` does.
"""

from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.query import Query
from elasticsearch.dsl.response import Response

from search.elastic import run_search
from search.facets import FACET_OPTION_LIMIT, price_band, price_bands, site_currency
from search.highlight import END, SNIPPET_LENGTH, START
from search.results import BackendAnswer, Match, SearchQuery, Sort

TEXT_FIELDS = ["title^3", "summary^2", "tag_names^2", "creator_names^2", "featured_in", "body"]
PREFIX_FIELDS = ["title", "title._2gram", "title._3gram"]
HIGHLIGHT_FIELDS = ("title", "summary", "body")


def search_elasticsearch(query: SearchQuery) -> BackendAnswer:
    """Answer `query` from Elasticsearch.

    Raises:
        SearchUnavailable: Elasticsearch is down, slow, missing its indices or refused the query.
    """
    return read_response(query, run_search(build_search(query)))


def build_search(query: SearchQuery) -> Search:
    """The Elasticsearch request for `query`: matches, filters, facets, highlights, sort, page."""
    filters = _filters(query)
    search = Search().query(_text_query(query))
    everything = list(filters.values())
    if everything:
        search = search.post_filter(Q("bool", filter=everything))
    if query.with_facets:
        search = _add_facets(search, filters)
    search = search.highlight(
        *HIGHLIGHT_FIELDS,
        pre_tags=[START],
        post_tags=[END],
        require_field_match=False,
        fragment_size=SNIPPET_LENGTH,
        number_of_fragments=1,
    )
    return search.sort(*_sort(query.effective_sort)).extra(
        from_=query.offset, size=query.page_size, track_total_hits=True
    )


def _text_query(query: SearchQuery) -> Query:
    if not query.terms:
        return Q("match_all")
    # Every word must be found somewhere (all_text), allowing typos; the other clauses rank.
    must = Q(
        "match",
        all_text={"query": query.words, "operator": "and", "fuzziness": "AUTO", "prefix_length": 1},
    )
    should = [
        Q("multi_match", query=query.words, fields=TEXT_FIELDS, fuzziness="AUTO", prefix_length=1),
        Q("match_phrase", title={"query": query.words, "boost": 2}),
    ]
    if query.as_you_type:
        # The last word is still being typed: match it as the start of a word in the title.
        must = Q(
            "bool",
            should=[
                must,
                Q(
                    "multi_match",
                    query=query.words,
                    type="bool_prefix",
                    fields=PREFIX_FIELDS,
                    operator="and",
                ),
            ],
            minimum_should_match=1,
        )
    return Q("bool", must=[must], should=should)


def _filters(query: SearchQuery) -> dict[str, Query]:
    """One filter per facet the reader narrowed, keyed by facet name."""
    filters: dict[str, Query] = {}
    if query.types:
        filters["type"] = Q("terms", type=list(query.types))
    if query.tags:
        filters["tag"] = Q("terms", tags=list(query.tags))
    if query.creators:
        filters["creator"] = Q("terms", creators=list(query.creators))
    if query.price_bands:
        filters["price"] = Q(
            "bool",
            filter=[Q("term", currency=site_currency())],
            should=[_price_range(key) for key in query.price_bands],
            minimum_should_match=1,
        )
    if query.in_stock:
        filters["in_stock"] = Q("term", in_stock=True)
    return filters


def _price_range(key: str) -> Query:
    band = price_band(key)
    bounds = {"gte": float(band.low)}
    if band.high is not None:
        bounds["lt"] = float(band.high)
    return Q("range", price=bounds)


def _add_facets(search: Search, filters: dict[str, Query]) -> Search:
    def others(name: str, *extra: Query) -> Query:
        return Q("bool", filter=[f for key, f in filters.items() if key != name] + list(extra))

    search.aggs.bucket("type", "filter", filter=others("type")).bucket(
        "values", "terms", field="type", size=50
    )
    search.aggs.bucket("tag", "filter", filter=others("tag")).bucket(
        "values", "terms", field="tags", size=FACET_OPTION_LIMIT
    )
    search.aggs.bucket("creator", "filter", filter=others("creator")).bucket(
        "values", "terms", field="creators", size=FACET_OPTION_LIMIT
    )
    ranges = [
        {"key": band.key, "from": float(band.low)}
        | ({"to": float(band.high)} if band.high is not None else {})
        for band in price_bands()
    ]
    search.aggs.bucket(
        "price", "filter", filter=others("price", Q("term", currency=site_currency()))
    ).bucket("values", "range", field="price", ranges=ranges)
    search.aggs.bucket("in_stock", "filter", filter=others("in_stock", Q("term", in_stock=True)))
    return search


def _sort(sort: Sort) -> list[str | dict[str, dict[str, str]]]:
    newest: list[str | dict[str, dict[str, str]]] = [
        {"date": {"order": "desc"}},
        {"pk": {"order": "desc"}},
    ]
    if sort == Sort.PRICE:
        return [{"price": {"order": "asc", "missing": "_last", "unmapped_type": "double"}}, *newest]
    if sort == Sort.NEWEST:
        return newest
    return ["_score", *newest]


def read_response(query: SearchQuery, response: Response) -> BackendAnswer:
    """The matches of this page, the total and the facet counts, from Elasticsearch's answer."""
    matches = tuple(
        Match(
            kind=hit.kind,
            type_key=hit.type,
            pk=int(hit.pk),
            title_marked=_fragment(hit, "title"),
            snippet_marked=_fragment(hit, "summary") or _fragment(hit, "body"),
        )
        for hit in response
    )
    counts: dict[str, dict[str, int]] = {}
    if query.with_facets:
        aggregations = response.aggregations.to_dict()
        counts = {
            name: _bucket_counts(aggregations[name]) for name in ("type", "tag", "creator", "price")
        }
        counts["in_stock"] = {"1": aggregations["in_stock"]["doc_count"]}
    total = response.hits.total.value  # type: ignore[attr-defined]
    return BackendAnswer(matches=matches, total=total, facet_counts=counts)


def _bucket_counts(aggregation: dict) -> dict[str, int]:
    return {str(bucket["key"]): bucket["doc_count"] for bucket in aggregation["values"]["buckets"]}


def _fragment(hit: object, field: str) -> str:
    highlight = getattr(getattr(hit, "meta", None), "highlight", None)
    fragments = getattr(highlight, field, None) if highlight is not None else None
    return str(fragments[0]) if fragments else ""
