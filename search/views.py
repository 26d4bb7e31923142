from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from search.queries import search_site


def search_page(request: HttpRequest) -> HttpResponse:
    """`/search/?q=`: stories and products matching the query."""
    results = search_site(request.GET.get("q", ""))
    status = 400 if results.error else 200
    return TemplateResponse(request, "search/search_page.html", {"results": results}, status=status)
