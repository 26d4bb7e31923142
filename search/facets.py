"""The facet vocabulary: story types, price bands, and turning counts into labelled options."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import pairwise

from django.conf import settings
from django.db.models import Model
from taggit.models import Tag
from wagtail.models import Page

from commerce.catalogue.money import format_money
from content.page_types import story_page_types
from search.results import Facet, FacetOption, SearchQuery
from storyshop.creators.models import CreatorProfile

PRODUCT_TYPE = "product"
FACET_OPTION_LIMIT = 20

# Price band boundaries per currency, in whole units; products in the site currency are banded.
PRICE_BOUNDARIES: dict[str, tuple[int, ...]] = {
    "IDR": (50_000, 100_000, 250_000, 500_000),
    "JPY": (1_000, 2_500, 5_000, 10_000),
}
DEFAULT_PRICE_BOUNDARIES = (10, 25, 50, 100)


@dataclass(frozen=True)
class PriceBand:
    """Prices from `low` (inclusive) up to `high` (exclusive; None: no upper bound)."""

    key: str
    low: Decimal
    high: Decimal | None
    label: str

    def contains(self, price: Decimal) -> bool:
        return price >= self.low and (self.high is None or price < self.high)


def site_currency() -> str:
    return settings.STORYSHOP_CURRENCY


def price_bands() -> tuple[PriceBand, ...]:
    """The bands for the site currency, e.g. "Under Rp 50.000" … "Rp 500.000 and more"."""
    currency = site_currency()
    edges = PRICE_BOUNDARIES.get(currency, DEFAULT_PRICE_BOUNDARIES)
    bands = [PriceBand(f"0-{edges[0]}", Decimal(0), Decimal(edges[0]), "")]
    bands += [
        PriceBand(f"{low}-{high}", Decimal(low), Decimal(high), "") for low, high in pairwise(edges)
    ]
    bands.append(PriceBand(f"{edges[-1]}-", Decimal(edges[-1]), None, ""))
    return tuple(
        PriceBand(band.key, band.low, band.high, _band_label(band, currency)) for band in bands
    )


def _band_label(band: PriceBand, currency: str) -> str:
    if band.high is None:
        return f"{format_money(band.low, currency)} and more"
    if not band.low:
        return f"Under {format_money(band.high, currency)}"
    return f"{format_money(band.low, currency)} to {format_money(band.high, currency)}"


def price_band(key: str) -> PriceBand:
    """Return the band with `key`; KeyError when there is none."""
    return {band.key: band for band in price_bands()}[key]


def story_types() -> dict[str, type[Page]]:
    """{type key: page model} for every story page type, in the order of `story_page_types()`."""
    return {model._meta.model_name or "": model for model in story_page_types()}


@cache
def type_labels() -> dict[str, str]:
    """{type key: label} for stories (the label their cards show) and products."""
    labels = {key: model.story_type_label for key, model in story_types().items()}
    return {**labels, PRODUCT_TYPE: "Product"}


def type_key(model: type[Model]) -> str:
    return model._meta.model_name or ""


def build_facets(query: SearchQuery, counts: Mapping[str, Mapping[str, int]]) -> tuple[Facet, ...]:
    """Turn backend counts into labelled facets; a chosen value stays listed even at zero."""
    type_counts = counts.get("type", {})
    tag_slugs = _top(counts.get("tag", {}), query.tags)
    creator_slugs = _top(counts.get("creator", {}), query.creators)
    tag_names = _names(Tag, tag_slugs)
    creator_names = _names(CreatorProfile, creator_slugs)
    price_counts = counts.get("price", {})
    in_stock_count = counts.get("in_stock", {}).get("1", 0)
    return (
        _facet("type", "Type", type_counts, query.types, list(type_labels()), type_labels()),
        _facet("tag", "Tag", counts.get("tag", {}), query.tags, tag_slugs, tag_names),
        _facet(
            "creator",
            "Creator",
            counts.get("creator", {}),
            query.creators,
            creator_slugs,
            creator_names,
        ),
        _facet(
            "price",
            "Price",
            price_counts,
            query.price_bands,
            [band.key for band in price_bands()],
            {band.key: band.label for band in price_bands()},
        ),
        _facet(
            "in_stock",
            "Availability",
            {"1": in_stock_count},
            ("1",) if query.in_stock else (),
            ["1"],
            {"1": "In stock"},
        ),
    )


def _top(counts: Mapping[str, int], chosen: tuple[str, ...]) -> list[str]:
    """The most frequent values (ties by value), then any chosen value not among them."""
    ranked = sorted(counts, key=lambda value: (-counts[value], value))[:FACET_OPTION_LIMIT]
    return ranked + [value for value in chosen if value not in ranked]


def _names(model: type[Tag] | type[CreatorProfile], slugs: list[str]) -> dict[str, str]:
    if not slugs:
        return {}
    return dict(model.objects.filter(slug__in=slugs).values_list("slug", "name"))


def _facet(
    name: str,
    label: str,
    counts: Mapping[str, int],
    chosen: tuple[str, ...],
    order: list[str],
    labels: Mapping[str, str],
) -> Facet:
    """Options in `order`, leaving out values nothing matches unless the reader chose them."""
    options = tuple(
        FacetOption(value, labels.get(value, value), counts.get(value, 0), value in chosen)
        for value in order
        if counts.get(value, 0) or value in chosen
    )
    return Facet(name, label, options)
