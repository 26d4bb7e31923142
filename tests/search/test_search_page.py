"""The search page as a reader uses it, on both backends."""

import pytest

from search.forms import parse_search
from search.queries import search_site
from tests.search.shop import build_shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(stories, indexed):
    with indexed():
        return build_shop(stories)


def search(**params):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name, value in params.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    return search_site(parse_search(query))


def titles(results):
    return [hit.title for hit in results.hits]


def facet(results, name):
    return {o.value: o.count for f in results.facets if f.name == name for o in f.options}


def test_search_finds_live_stories_and_visible_products(shop, search_backend):
    results = search(q="kawung")

    assert sorted(titles(results)) == [
        "Batik Cap Kawung Shirt",
        "Kawung Tote Bag",
        "Reading batik motifs",
    ]
    assert results.total == 3
    assert results.backend == search_backend
    assert not results.degraded


def test_facets_count_what_matches(shop):
    results = search(q="kawung")

    assert facet(results, "type") == {"articlepage": 1, "product": 2}
    assert facet(results, "tag") == {"batik": 3}
    assert facet(results, "creator") == {"ani": 2}
    assert facet(results, "price") == {"0-50000": 1, "250000-500000": 1}
    assert facet(results, "in_stock") == {"1": 2}


def test_a_facet_counts_with_the_other_filters_but_not_its_own(shop):
    results = search(q="kawung", type="product")

    assert sorted(titles(results)) == ["Batik Cap Kawung Shirt", "Kawung Tote Bag"]
    assert facet(results, "type") == {"articlepage": 1, "product": 2}
    assert facet(results, "creator") == {"ani": 1}
    assert [o.selected for f in results.facets if f.name == "type" for o in f.options] == [
        False,
        True,
    ]


def test_values_of_one_facet_widen_and_facets_narrow_each_other(shop):
    both = search(tag=["batik", "coffee"])
    batik_in_stock = search(tag="batik", in_stock="1")

    assert len(both.hits) == 5
    assert sorted(titles(batik_in_stock)) == ["Batik Cap Kawung Shirt", "Kawung Tote Bag"]


def test_filters_alone_browse_newest_first(shop):
    results = search(tag="coffee")

    assert titles(results) == ["Kopi Gayo 200 g", "Kopi Gayo from the highlands"]
    assert results.query.effective_sort == "newest"


def test_price_band_keeps_products_in_it(shop):
    results = search(q="kawung", price="0-50000")

    assert titles(results) == ["Kawung Tote Bag"]
    assert facet(results, "price") == {"0-50000": 1, "250000-500000": 1}
    assert facet(results, "type") == {"product": 1}


def test_in_stock_leaves_out_sold_out_products(shop):
    results = search(tag="coffee", in_stock="1")

    assert titles(results) == []
    assert facet(results, "in_stock") == {"1": 0}  # chosen, so still listed


def test_creator_finds_their_stories_and_the_products_they_feature(shop):
    results = search(creator="budi")

    assert titles(results) == ["Kopi Gayo 200 g", "Kopi Gayo from the highlands"]
    product_hit = results.hits[0]
    assert product_hit.creators == ("Budi Roaster",)
    assert [link.title for link in product_hit.featured_in] == ["Kopi Gayo from the highlands"]


def test_sort_by_price_lists_products_cheapest_first_then_stories(shop):
    results = search(q="kawung", sort="price")

    assert titles(results) == ["Kawung Tote Bag", "Batik Cap Kawung Shirt", "Reading batik motifs"]


def test_sort_by_newest(shop):
    results = search(tag="batik", sort="newest")

    # Products were created today, after both stories' dates.
    assert titles(results) == ["Kawung Tote Bag", "Batik Cap Kawung Shirt", "Reading batik motifs"]


def test_title_matches_rank_first(stories, indexed):
    with indexed():
        from tests.search.shop import product

        product("Plain cotton shirt", "50000", description="<p>Dyed with indigo.</p>")
        product("Indigo shirt", "50000")

    assert titles(search(q="indigo")) == ["Indigo shirt", "Plain cotton shirt"]


def test_pages_of_results(stories, indexed):
    from tests.search.shop import product

    with indexed():
        for number in range(25):
            product(f"Kopi lot {number:02d}", f"{100000 + number}")

    first = search(q="kopi", sort="price")
    second = search(q="kopi", sort="price", page="2")

    assert (first.total, first.num_pages, first.has_next) == (25, 2, True)
    assert titles(first)[:2] == ["Kopi lot 00", "Kopi lot 01"]
    assert titles(second) == [f"Kopi lot {n}" for n in range(20, 25)]
    assert not second.has_next


def test_matches_are_highlighted_and_escaped(stories, indexed):
    from tests.search.shop import story

    with indexed():
        story(stories, "Kawung <b>bold</b> motifs", "Why the kawung motif <em>matters</em>.")

    hit = search(q="kawung").hits[0]

    assert "<mark>Kawung</mark> &lt;b&gt;bold&lt;/b&gt; motifs" in hit.title_html
    assert "<mark>kawung</mark>" in hit.snippet_html
    assert "<em>" not in hit.snippet_html


def test_page_shows_hits_facets_and_highlights(client, shop):
    response = client.get("/search/", {"q": "kawung"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "3 results for “kawung”" in html
    assert '<a href="/products/kawung-tote-bag/"><mark>Kawung</mark> Tote Bag</a>' in html
    assert 'name="tag" value="batik"' in html
    assert "Batik</span>" not in html  # labels are plain text
    assert "Retired Kawung Scarf" not in html
    assert "Secret kawung draft" not in html


def test_page_links_to_the_next_page_with_the_same_filters(client, stories, indexed):
    from tests.search.shop import product

    with indexed():
        for number in range(21):
            product(f"Kopi lot {number:02d}", "100000", tags=("coffee",))

    html = client.get("/search/", {"q": "kopi", "tag": "coffee"}).content.decode()

    assert 'href="?q=kopi&amp;tag=coffee&amp;page=2"' in html
