"""Plain, typed values for a search: what was asked, and what was found.

Both backends answer with a `BackendAnswer`; `search.queries.search_site` turns it into the same
`SearchResults` whichever backend answered.
"""

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from django.utils import timezone
from django.utils.safestring import SafeString

Kind = Literal["story", "product"]
Backend = Literal["elasticsearch", "database", "none"]

# Words are what both backends look for; everything else (Lucene or FTS syntax, quotes, SQL
# punctuation) is dropped, so no query language reaches either engine.
WORD_PATTERN = re.compile(r"\w+")
MAX_TERMS = 12


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    PRICE = "price"


SORT_LABELS = {
    Sort.RELEVANCE: "Best match",
    Sort.NEWEST: "Newest",
    Sort.PRICE: "Price, lowest first",
}


@dataclass(frozen=True)
class SearchQuery:
    """A validated search: the reader's words, the chosen facet values, sort and page."""

    text: str = ""
    types: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    creators: tuple[str, ...] = ()
    price_bands: tuple[str, ...] = ()
    in_stock: bool = False
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    page_size: int = 20
    # Suggestions: the last word is still being typed, so it matches as a prefix.
    as_you_type: bool = False
    with_facets: bool = True

    @property
    def terms(self) -> tuple[str, ...]:
        """The words searched for, lowercased, at most MAX_TERMS of them."""
        return tuple(word.lower() for word in WORD_PATTERN.findall(self.text))[:MAX_TERMS]

    @property
    def words(self) -> str:
        """The terms as one string, the only text either backend is given."""
        return " ".join(self.terms)

    @property
    def has_filters(self) -> bool:
        return bool(self.types or self.tags or self.creators or self.price_bands or self.in_stock)

    @property
    def effective_sort(self) -> Sort:
        """Relevance needs words; browsing by filters alone lists the newest first."""
        return Sort.NEWEST if self.sort == Sort.RELEVANCE and not self.terms else self.sort

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class StoryLink:
    title: str
    url: str


@dataclass(frozen=True)
class SearchHit:
    """One story or product, ready to show: no template needs to query or compute."""

    kind: Kind
    pk: int
    type_key: str
    type_label: str
    title: str
    url: str
    title_html: SafeString
    snippet_html: SafeString
    date: dt.date | None = None
    creators: tuple[str, ...] = ()
    price: Decimal | None = None
    has_price_range: bool = False
    currency: str = ""
    in_stock: bool | None = None
    stock_label: str = ""
    stock_status: str = ""
    featured_in: tuple[StoryLink, ...] = ()


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: tuple[FacetOption, ...]


@dataclass(frozen=True)
class SearchResults:
    """What a search found, the same shape whichever backend answered."""

    query: SearchQuery
    hits: tuple[SearchHit, ...] = ()
    total: int = 0
    facets: tuple[Facet, ...] = ()
    backend: Backend = "none"
    # True when Elasticsearch is configured but could not answer and the database did.
    degraded: bool = False
    notice: str = ""

    @property
    def searched(self) -> bool:
        return self.backend != "none"

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.query.page_size))

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1

    @property
    def has_next(self) -> bool:
        return self.query.page < self.num_pages

    @property
    def stories(self) -> tuple[SearchHit, ...]:
        return tuple(hit for hit in self.hits if hit.kind == "story")

    @property
    def products(self) -> tuple[SearchHit, ...]:
        return tuple(hit for hit in self.hits if hit.kind == "product")


@dataclass(frozen=True)
class Match:
    """A backend's answer for one hit: which object, and its highlighted text (sentinel-marked)."""

    kind: Kind
    type_key: str
    pk: int
    title_marked: str = ""
    snippet_marked: str = ""


@dataclass(frozen=True)
class BackendAnswer:
    """One page of matches in order, the total, and facet counts {facet: {value: count}}."""

    matches: tuple[Match, ...]
    total: int
    facet_counts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)


def start_of_day(day: dt.date) -> dt.datetime:
    """A story's date as the start of that day in the site's time zone, to sort with products."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
