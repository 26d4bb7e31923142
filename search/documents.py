"""Elasticsearch documents for stories and products, and how each is built from its model.

Both documents share their field names, so one search across the two indices can filter, sort
and count facets (type, tags, creators, price, in stock) the same way for both.
"""

from collections.abc import Iterable
from typing import Any

from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Integer,
    Keyword,
    ScaledFloat,
    SearchAsYouType,
    Text,
    analyzer,
)
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from commerce.catalogue.models import Product
from search.facets import PRODUCT_TYPE, type_key
from search.highlight import strip_sentinels
from search.models import ProductFeature
from search.results import start_of_day

# Accents folded, so "kopi susu" finds "kopi sūsu" and "cafe" finds "café".
folding = analyzer("folding", tokenizer="standard", filter=["lowercase", "asciifolding"])

INDEX_SETTINGS: dict[str, Any] = {"number_of_shards": 1, "number_of_replicas": 0}


class SearchDocument(Document):
    """Fields every searchable thing has; `all_text` gathers the words a query must all find."""

    pk = Integer()
    kind = Keyword()
    type = Keyword()
    title = SearchAsYouType(analyzer=folding, copy_to="all_text")
    summary = Text(analyzer=folding, copy_to="all_text")
    body = Text(analyzer=folding, copy_to="all_text")
    tags = Keyword(multi=True)
    tag_names = Text(analyzer=folding, multi=True, copy_to="all_text")
    creators = Keyword(multi=True)
    creator_names = Text(analyzer=folding, multi=True, copy_to="all_text")
    date = Date()
    all_text = Text(analyzer=folding)


class StoryDocument(SearchDocument):
    """A live, public story of any type of `story_page_types()`."""


class ProductDocument(SearchDocument):
    """A visible product, with the live stories and the creators that feature it."""

    price = ScaledFloat(scaling_factor=100)
    currency = Keyword()
    in_stock = Boolean()
    featured_in = Text(analyzer=folding, multi=True, copy_to="all_text")


def story_document(story: Page) -> StoryDocument:
    """The document of a live story (a specific page of a story type)."""
    creator = getattr(story, "creator", None)
    tags = list(story.tags.all())
    body_text = " ".join(_body_words(story))
    return StoryDocument(
        meta={"id": story.pk},
        pk=story.pk,
        kind="story",
        type=type_key(type(story)),
        title=_clean(story.title),
        summary=_clean(story.intro),
        body=_clean(body_text),
        tags=[tag.slug for tag in tags],
        tag_names=[_clean(tag.name) for tag in tags],
        creators=[creator.slug] if creator else [],
        creator_names=[_clean(creator.name)] if creator else [],
        date=start_of_day(story.date),
    )


# Fields of a story's search_fields that have documents fields of their own.
OWN_FIELDS = frozenset({"title", "intro"})


def _body_words(story: Page) -> list[str]:
    """The words of every other searchable field of the story's type (body, steps, caption)."""
    words: list[str] = []
    for field in type(story).get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name not in OWN_FIELDS:
            value = field.get_value(story)
            if isinstance(value, list | tuple):
                words.extend(str(part) for part in value)
            elif value:
                words.append(str(value))
    return words


def product_document(product: Product, features: Iterable[ProductFeature]) -> ProductDocument:
    """The document of a visible product; `features` are its rows with story and creator loaded."""
    features = list(features)
    creators = {row.creator.slug: row.creator.name for row in features if row.creator}
    tags = list(product.tags.all())
    variant_words = " ".join(
        f"{variant.name} {variant.sku}" for variant in product.sellable_variants
    )
    return ProductDocument(
        meta={"id": product.pk},
        pk=product.pk,
        kind="product",
        type=PRODUCT_TYPE,
        title=_clean(product.name),
        summary=_clean(get_text_for_indexing(product.description)),
        body=_clean(variant_words),
        tags=[tag.slug for tag in tags],
        tag_names=[_clean(tag.name) for tag in tags],
        creators=sorted(creators),
        creator_names=[_clean(name) for name in creators.values()],
        date=product.created_at,
        price=float(product.price_from),
        currency=product.currency,
        in_stock=product.in_stock,
        featured_in=sorted({_clean(row.story.title) for row in features}),
    )


def _clean(text: str) -> str:
    return strip_sentinels(text or "")
