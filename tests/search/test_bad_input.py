"""Empty, huge, malformed and injection-like searches get a clear, safe answer on both backends."""

import json

import pytest

from tests.search.shop import build_shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(stories, indexed):
    with indexed():
        return build_shop(stories)


def test_empty_search_explains_what_to_do(client, shop):
    response = client.get("/search/", {"q": "   "})

    assert response.status_code == 200
    assert "Type what you are looking for" in response.content.decode()


def test_overlong_search_gets_a_clear_error(client, shop):
    response = client.get("/search/", {"q": "kopi " * 60})

    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()


@pytest.mark.parametrize(
    "text",
    [
        'title:(kawung OR *)~2^3 AND "unbalanced',  # Lucene query syntax
        '{"query": {"match_all": {}}}',  # JSON
        "kawung' OR '1'='1'; DROP TABLE search_productfeature; --",  # SQL-ish
        'kawung NEAR(x y) AND NOT "*" ^ -',  # SQLite FTS5 syntax
        "kawung \uff05 \u5496\u5561 \u2615 \uff2b\uff21\uff37",  # fullwidth, CJK, emoji
    ],
)
def test_query_syntax_is_searched_as_words(client, shop, text):
    response = client.get("/search/", {"q": text})

    assert response.status_code == 200
    assert "Reading batik motifs" not in response.content.decode()  # every word must match


def test_operators_are_words_and_words_amid_syntax_are_found(client, shop):
    either = client.get("/search/", {"q": "kawung OR coffee"}).content.decode()
    amid = client.get("/search/", {"q": '(kawung)* "parang~'}).content.decode()

    assert "0 results for “kawung OR coffee”" in either  # no story has all three words
    assert "1 result for" in amid
    assert ">Reading batik motifs</a>" in amid
    assert "<mark>Kawung</mark> and <mark>Parang</mark>" in amid


def test_control_characters_are_refused_and_replacement_characters_dropped(client, shop):
    refused = client.get(
        "/search/", {"q": "kawung\x00\x07 motifs"}, headers={"Accept": "text/html"}
    )
    html = client.get("/search/", {"q": "kawung motifs\ufffd"}).content.decode()

    assert refused.status_code == 400  # at the edge, for every page (storyshop.query_parameters)
    assert "holds a control character" in refused.content.decode()
    assert "Reading batik <mark>motifs</mark>" in html


def test_markup_in_a_query_is_shown_as_text(client, shop):
    html = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_punctuation_only_searches_nothing(client, shop):
    response = client.get("/search/", {"q": '"*()!'})

    assert response.status_code == 200
    assert "Type what you are looking for" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "sandals"}, "There is no type called “sandals”."),
        ({"price": "1-2"}, "There is no price range called “1-2”."),
        ({"tag": "<b>"}, "A tag is written with letters, digits and hyphens only."),
        ({"creator": "a b"}, "A creator is written with letters, digits and hyphens only."),
        ({"in_stock": "maybe"}, "in_stock is either 1 or left out."),
        ({"sort": "cheapest"}, "Sort by one of: relevance, newest, price."),
        ({"page": "0"}, "Pages are numbered 1 to 50."),
        ({"page": "x"}, "Pages are numbered 1 to 50."),
        ({"page": "9" * 1000}, "Pages are numbered 1 to 50."),  # longer: refused at the edge
        ({"tag": [f"t{n}" for n in range(11)]}, "Choose at most 10 values for tag."),
    ],
)
def test_bad_filters_get_a_clear_400(client, shop, params, message):
    response = client.get("/search/", {"q": "kawung", **params})

    assert response.status_code == 400
    assert message in response.content.decode()


def test_suggestions_reject_huge_queries_as_json(client, shop):
    response = client.get("/search/suggest/", {"q": "k" * 201})

    assert response.status_code == 400
    assert json.loads(response.content) == {"error": "Search for at most 200 characters."}


@pytest.mark.parametrize("text", ["", "  ", '"*', "{}"])
def test_suggestions_for_nothing_are_empty(client, shop, text):
    response = client.get("/search/suggest/", {"q": text})

    assert response.status_code == 200
    assert response.json()["stories"] == response.json()["products"] == []
