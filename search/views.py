"""`/search/` and `/search/suggest/`: parse the request, call `search_site`, render."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse

from commerce.catalogue.money import format_money
from search.exceptions import InvalidSearch
from search.forms import MAX_QUERY_LENGTH, parse_search
from search.queries import search_site
from search.results import SORT_LABELS, SearchHit, SearchQuery, SearchResults
from storyshop.ratelimits import SEARCH, SUGGEST, Verdict, count_request

TOO_MANY_SEARCHES = (
    "You searched very often from your connection in the last minute; please wait a moment and "
    "try again."
)


def search_page(request: HttpRequest) -> HttpResponse:
    """`/search/?q=`: stories and products with facets, highlights, sort and pages."""
    verdict = count_request(SEARCH, request)
    if not verdict.allowed:
        context = {"results": SearchResults(query=SearchQuery()), "error": TOO_MANY_SEARCHES}
        return _retry_later(_render(request, context, status=429), verdict)
    try:
        results = search_site(parse_search(request.GET))
    except InvalidSearch as error:
        context = {"results": SearchResults(query=SearchQuery()), "error": str(error)}
        return _render(request, context, status=400)
    return _render(request, {"results": results, "error": ""}, status=200)


def _retry_later[Response: HttpResponse](response: Response, verdict: Verdict) -> Response:
    response["Retry-After"] = str(verdict.retry_after)
    return response


def _render(request: HttpRequest, context: dict[str, Any], status: int) -> HttpResponse:
    context |= {"sort_labels": SORT_LABELS, "max_query_length": MAX_QUERY_LENGTH}
    return TemplateResponse(request, "search/search_page.html", context, status=status)


def suggest(request: HttpRequest) -> JsonResponse:
    """`/search/suggest/?q=`: stories and products whose titles start like the words typed."""
    verdict = count_request(SUGGEST, request)
    if not verdict.allowed:
        return _retry_later(JsonResponse({"error": TOO_MANY_SEARCHES}, status=429), verdict)
    try:
        results = search_site(parse_search(request.GET, suggestions=True))
    except InvalidSearch as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(
        {
            "query": results.query.text,
            "backend": results.backend,
            "degraded": results.degraded,
            "notice": results.notice,
            "stories": [_suggestion(hit) for hit in results.stories],
            "products": [_suggestion(hit) for hit in results.products],
        }
    )


def _suggestion(hit: SearchHit) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "title": hit.title,
        "title_html": hit.title_html,
        "url": hit.url,
        "type": hit.type_label,
    }
    if hit.kind == "product" and hit.price is not None:
        entry |= {"price": format_money(hit.price, hit.currency), "in_stock": hit.in_stock}
    return entry
