"""One search function over stories and products, returning plain results."""

from dataclasses import dataclass, field

from django.db.models import Model
from wagtail.models import Page

from commerce.models import Product
from content.models import ArticlePage

MAX_QUERY_LENGTH = 200


@dataclass
class SearchResults:
    """What a search found: the cleaned query, stories and products."""

    query: str
    stories: list[Page] = field(default_factory=list)
    products: list[Model] = field(default_factory=list)
    error: str = ""


def clean_query(raw: str) -> tuple[str, str]:
    """Return (query, error): blanks folded, and an explanation when the query is unusable."""
    query = " ".join(raw.split())
    if len(query) > MAX_QUERY_LENGTH:
        return "", f"Search for at most {MAX_QUERY_LENGTH} characters."
    return query, ""


def search_site(raw_query: str, limit: int = 20) -> SearchResults:
    """Search live stories and active products for `raw_query`."""
    query, error = clean_query(raw_query)
    if not query:
        return SearchResults(query=query, error=error)
    stories = list(Page.objects.live().public().type(ArticlePage).search(query)[:limit])
    products = list(Product.objects.visible().search(query)[:limit])
    return SearchResults(query=query, stories=stories, products=products)
