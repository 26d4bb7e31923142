"""Turn a backend's matches into hits a page can show, loading them from the database in bulk.

Whichever backend matched, what readers see (title, link, price, stock, creators, the stories
that feature a product) comes from the database now, so it is never stale, and a match whose
object has since been unpublished or hidden is left out. Queries: one per story type present,
the products' card queries, and one for the stories that feature them.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from wagtail.rich_text import get_text_for_indexing

from commerce.catalogue.models import Product
from search.facets import PRODUCT_TYPE, story_types, type_labels
from search.highlight import mark_terms, snippet, to_html
from search.models import ProductFeature
from search.results import Match, SearchHit, SearchQuery, StoryLink

# Each loaded hit with the plain text its snippet is cut from.
Loaded = dict[tuple[str, int], tuple[SearchHit, str]]
EMPTY = to_html("")


def load_hits(matches: Iterable[Match], query: SearchQuery) -> tuple[SearchHit, ...]:
    """The hits for `matches`, in their order, leaving out objects readers may no longer see."""
    matches = list(matches)
    loaded = {
        **_load_stories(m for m in matches if m.kind == "story"),
        **_load_products([m.pk for m in matches if m.kind == "product"]),
    }
    return tuple(
        _with_highlights(*loaded[(match.kind, match.pk)], match, query)
        for match in matches
        if (match.kind, match.pk) in loaded
    )


def _load_stories(matches: Iterable[Match]) -> Loaded:
    ids_by_type: dict[str, list[int]] = defaultdict(list)
    for match in matches:
        ids_by_type[match.type_key].append(match.pk)
    models = story_types()
    loaded: Loaded = {}
    for key in [key for key in models if key in ids_by_type]:
        pages = models[key].objects.live().public()
        for page in pages.filter(pk__in=ids_by_type[key]).select_related("creator"):
            hit = SearchHit(
                kind="story",
                pk=page.pk,
                type_key=key,
                type_label=type_labels()[key],
                title=page.title,
                url=page.get_url() or "",
                title_html=EMPTY,
                snippet_html=EMPTY,
                date=page.date,
                creators=(page.creator.name,) if page.creator else (),
            )
            loaded[("story", page.pk)] = (hit, page.intro)
    return loaded


def _load_products(ids: list[int]) -> Loaded:
    if not ids:
        return {}
    features: dict[int, list[ProductFeature]] = defaultdict(list)
    rows = ProductFeature.objects.filter(product_id__in=ids).select_related("story", "creator")
    for row in rows.order_by("story__title", "story_id"):
        features[row.product_id].append(row)
    loaded: Loaded = {}
    for product in Product.objects.visible().for_cards().filter(pk__in=ids):
        featured = features[product.pk]
        hit = SearchHit(
            kind="product",
            pk=product.pk,
            type_key=PRODUCT_TYPE,
            type_label=type_labels()[PRODUCT_TYPE],
            title=product.name,
            url=product.get_absolute_url(),
            title_html=EMPTY,
            snippet_html=EMPTY,
            date=product.created_at.date(),
            creators=tuple(sorted({row.creator.name for row in featured if row.creator})),
            price=product.price_from,
            has_price_range=product.has_price_range,
            currency=product.currency,
            in_stock=product.in_stock,
            stock_label=product.stock_label,
            stock_status=product.stock_status,
            featured_in=tuple(
                StoryLink(row.story.title, row.story.get_url() or "") for row in featured
            ),
        )
        loaded[("product", product.pk)] = (hit, get_text_for_indexing(product.description))
    return loaded


def _with_highlights(hit: SearchHit, summary: str, match: Match, query: SearchQuery) -> SearchHit:
    """The hit with the backend's highlights, or the query's words marked in its own text."""
    title = match.title_marked or mark_terms(hit.title, query.terms)
    text = match.snippet_marked or snippet(summary, query.terms)
    return replace(hit, title_html=to_html(title), snippet_html=to_html(text))
