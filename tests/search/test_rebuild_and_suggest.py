"""The rebuild command, suggestions as you type, typo tolerance, query counts and settings."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.catalogue.models import Product, ProductVariant
from content.page_types import story_page_types
from search import elastic
from search.checks import check_search_settings
from search.database import sources
from search.models import IndexingRequest, ProductFeature
from search.queries import search_site
from search.results import SearchQuery
from tests.search.shop import build_shop, product

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(stories, indexed):
    with indexed():
        return build_shop(stories)


def rebuild():
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    return out.getvalue()


def test_rebuild_rederives_features_and_shows_progress(shop):
    ProductFeature.objects.all().delete()

    output = rebuild()

    assert "Features  [##############################] 2/2" in output
    assert "2 product features" in output
    assert sorted(ProductFeature.objects.values_list("product__name", "creator__slug")) == [
        ("Batik Cap Kawung Shirt", "ani"),
        ("Kopi Gayo 200 g", "budi"),
    ]


@pytest.mark.search_backends("elasticsearch")
def test_rebuild_fills_new_indices_and_swaps_the_aliases(shop):
    before = elastic.indices_behind("stories") + elastic.indices_behind("products")
    Product.objects.filter(pk=shop.tote.pk).update(name="Parang Tote Bag")  # no signal

    output = rebuild()
    after = elastic.indices_behind("stories") + elastic.indices_behind("products")

    assert "Stories   [##############################] 2/2" in output
    assert "Products  [##############################] 3/3" in output
    assert "2 stories, 3 products indexed" in output
    assert len(after) == 2
    assert not set(after) & set(before)
    assert not elastic.get_client().indices.exists(index=",".join(before))
    assert sorted(hit.title for hit in search_site(SearchQuery(text="parang")).hits) == [
        "Parang Tote Bag",
        "Reading batik motifs",
    ]


def test_rebuild_replays_changes_made_while_it_ran(shop):
    pending = IndexingRequest.objects.get(kind="product", object_id=shop.shirt.pk)
    pending.done_at = None
    pending.save()

    rebuild()

    pending.refresh_from_db()
    assert pending.done_at is not None


def test_suggestions_complete_the_last_word(client, shop):
    response = client.get("/search/suggest/", {"q": "kopi ga"})

    assert response.status_code == 200
    data = response.json()
    assert [entry["title"] for entry in data["stories"]] == ["Kopi Gayo from the highlands"]
    assert data["products"] == [
        {
            "title": "Kopi Gayo 200 g",
            "title_html": "<mark>Kopi</mark> <mark>Gayo</mark> 200 g",
            "url": "/products/kopi-gayo-200-g/",
            "type": "Product",
            "price": "Rp\u00a085.000",
            "in_stock": False,
        }
    ]


@pytest.mark.search_backends("elasticsearch")
def test_elasticsearch_forgives_typos(shop):
    results = search_site(SearchQuery(text="kawnug"))

    assert sorted(hit.title for hit in results.hits) == [
        "Batik Cap Kawung Shirt",
        "Kawung Tote Bag",
        "Reading batik motifs",
    ]
    assert "<mark>Kawung</mark>" in results.hits[0].title_html + results.hits[0].snippet_html


def test_search_page_queries_do_not_grow_with_results(client, shop, search_backend, stories):
    client.get("/search/", {"q": "kawung"})  # warms the site root paths cache
    with CaptureQueriesContext(connection) as few:
        client.get("/search/", {"q": "kawung"})
    with indexed_more(stories):
        pass
    with CaptureQueriesContext(connection) as many:
        client.get("/search/", {"q": "kawung"})

    # Loading the page of hits and labels takes 9 queries (view restrictions, one story type,
    # four for product cards, the stories featuring them, tag and creator names). The database
    # backend adds, per story type: view restrictions and the relevance scores (2 queries on
    # SQLite, 1 on PostgreSQL), then the type, tag and creator counts and the hit list; for
    # products: the scores, five facet counts (type, tag, creator, price band, in stock) and the
    # hit list. PostgreSQL passes a selective match on as a list of ids, so a story type with no
    # match (here tutorials and creator posts) needs no counts and no hit list. None of it
    # depends on how many results match.
    story_types = len(story_page_types())
    if connection.vendor == "sqlite":
        database = 9 + story_types * (1 + 2 + 3 + 1) + (2 + 5 + 1)
    else:
        database = 9 + story_types * (1 + 1) + (3 + 1) + (1 + 5 + 1)
    expected = {"database": database, "elasticsearch": 9}[search_backend]
    assert (len(few), len(many)) == (expected, expected)


class indexed_more:
    """Adds ten more matching products, indexed."""

    def __init__(self, stories):
        self.stories = stories

    def __enter__(self):
        from django.test import TestCase

        self.capture = TestCase.captureOnCommitCallbacks(execute=True)
        self.capture.__enter__()
        for number in range(10):
            product(f"Kawung pouch {number}", "20000")

    def __exit__(self, *exc):
        self.capture.__exit__(*exc)


def test_database_price_and_stock_match_the_products_own(shop):
    kopi = shop.kopi
    variant = kopi.variants.get()
    ProductVariant.objects.create(
        product=kopi, sku="GAYO-1KG", name="1 kg", price_override="300000", stock=2
    )
    variant.price_override = "80000"
    variant.save()
    ProductVariant.objects.create(
        product=kopi, sku="GAYO-OLD", price_override="1000", stock=9, is_active=False
    )

    annotated = sources()[-1].base().get(pk=kopi.pk)
    fresh = Product.objects.get(pk=kopi.pk)

    assert (annotated.search_price, annotated.search_stock) == (fresh.price_from, fresh.stock)
    assert (annotated.search_price, annotated.search_stock) == (80000, 2)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ELASTICSEARCH_URL", "localhost:9200", "is not an http(s) URL"),
        ("ELASTICSEARCH_TIMEOUT", "soon", "ELASTICSEARCH_TIMEOUT='soon' is not a number."),
        ("ELASTICSEARCH_MAX_RETRIES", "99", "must be between 0 and 10"),
        ("ELASTICSEARCH_INDEX_PREFIX", "Shop!", "must be lowercase letters"),
    ],
)
@pytest.mark.search_backends("database")
def test_bad_settings_are_reported_by_the_system_check(settings, name, value, message):
    setattr(settings, name, value)

    errors = check_search_settings()

    assert [error.id for error in errors] == ["search.E001"]
    assert message in errors[0].msg
