"""Read a search request's parameters into a SearchQuery, or explain what is wrong with them."""

import re

from django.http import QueryDict

from search.exceptions import InvalidSearch
from search.facets import PRODUCT_TYPE, price_bands, story_types
from search.results import SearchQuery, Sort

MAX_QUERY_LENGTH = 200
MAX_VALUES = 10
MAX_PAGE = 50
PAGE_SIZE = 20
SUGGESTION_COUNT = 8
SLUG = re.compile(r"^[-\w]{1,100}$")
# Characters that no reader types: control characters and unpaired surrogates.
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def parse_search(params: QueryDict, *, suggestions: bool = False) -> SearchQuery:
    """The SearchQuery that `params` ask for: q, type, tag, creator, price, in_stock, sort, page.

    Raises:
        InvalidSearch: a parameter is unusable; the message tells the reader which and why.
    """
    text = _text(params.get("q", ""))
    if suggestions:
        return SearchQuery(
            text=text, as_you_type=True, with_facets=False, page_size=SUGGESTION_COUNT
        )
    return SearchQuery(
        text=text,
        types=_choices(params, "type", [*story_types(), PRODUCT_TYPE], "type"),
        tags=_slugs(params, "tag"),
        creators=_slugs(params, "creator"),
        price_bands=_choices(params, "price", [band.key for band in price_bands()], "price range"),
        in_stock=_flag(params, "in_stock"),
        sort=_sort(params.get("sort", "")),
        page=_page(params.get("page", "")),
        page_size=PAGE_SIZE,
    )


def _text(raw: str) -> str:
    text = " ".join(UNPRINTABLE.sub(" ", raw).split())
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidSearch(f"Search for at most {MAX_QUERY_LENGTH} characters.")
    return text


def _values(params: QueryDict, name: str) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(value.strip() for value in params.getlist(name) if value.strip()))
    if len(values) > MAX_VALUES:
        raise InvalidSearch(f"Choose at most {MAX_VALUES} values for {name}.")
    return values


def _choices(params: QueryDict, name: str, allowed: list[str], what: str) -> tuple[str, ...]:
    values = _values(params, name)
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise InvalidSearch(f"There is no {what} called “{unknown[0][:40]}”.")
    return values


def _slugs(params: QueryDict, name: str) -> tuple[str, ...]:
    values = _values(params, name)
    if any(not SLUG.match(value) for value in values):
        raise InvalidSearch(f"A {name} is written with letters, digits and hyphens only.")
    return values


def _flag(params: QueryDict, name: str) -> bool:
    value = params.get(name, "").strip().lower()
    if value not in {"", "1", "true", "on"}:
        raise InvalidSearch(f"{name} is either 1 or left out.")
    return bool(value)


def _sort(raw: str) -> Sort:
    if not raw:
        return Sort.RELEVANCE
    try:
        return Sort(raw)
    except ValueError:
        choices = ", ".join(sort.value for sort in Sort)
        raise InvalidSearch(f"Sort by one of: {choices}.") from None


def _page(raw: str) -> int:
    if not raw:
        return 1
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3 and 1 <= int(raw) <= MAX_PAGE):
        raise InvalidSearch(f"Pages are numbered 1 to {MAX_PAGE}.")
    return int(raw)
