"""Query parameters no view can use get a clear 400, on every page and in the API.

Before, a NUL byte in `?tag=`, a tag feed's path or the API's `tag`/`search` reached PostgreSQL
(a 500 there), and on both databases the API failed on a huge `offset`, an unknown
`search_operator` and a filter value its field cannot hold. What no parameter may hold is refused
once, at the edge (storyshop.query_parameters); what the API's own parameters mean, where the
API parses them (content/api/parameters.py).
"""

import pytest

from storyshop.query_parameters import MAX_PARAMETER_LENGTH
from tests.factories import ImageFactory, ProductFactory, article

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(stories):
    story = article(stories, title="Kopi from Gayo", date="2026-03-01")
    story.tags.add("coffee")
    story.save_revision().publish()
    product = ProductFactory(name="Gayo beans")
    product.tags.add("coffee")
    return story


@pytest.mark.parametrize(
    "url",
    [
        "/stories/?tag=coffee%00",
        "/feeds/tags/coffee%00/",
        "/api/v2/pages/?type=content.ArticlePage&tags=coffee%00",
        "/api/v2/pages/?search=kopi%00",
        "/api/v2/products/?tag=coffee%00",
        "/search/?q=kopi%00",
        "/stories/?page=%00",
    ],
)
def test_a_nul_byte_in_a_parameter_or_path_is_a_400_not_a_database_error(client, story, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "control character" in response.json()["message"]


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ({"tag": "coffee\x07"}, "“tag” holds a control character"),
        ({"tag": "coffee\x7f"}, "“tag” holds a control character"),
        ({"tag": "coffee\x85"}, "“tag” holds a control character"),
        ({"ta\x1bg": "coffee"}, "A query parameter name holds a control character"),
        ({"tag": "c" * (MAX_PARAMETER_LENGTH + 1)}, "“tag” is longer than 2000 characters"),
        ({"t" * (MAX_PARAMETER_LENGTH + 1): "x"}, "name is longer than 2000 characters"),
    ],
)
def test_control_characters_and_absurd_lengths_are_refused_with_what_is_wrong(
    client, story, query, problem
):
    page = client.get("/stories/", query, headers={"Accept": "text/html"})
    api = client.get("/api/v2/products/", query)

    assert (page.status_code, api.status_code) == (400, 400)
    assert page["Content-Type"] == "text/plain; charset=utf-8"
    assert problem in page.content.decode()
    assert problem in api.json()["message"]


def test_tabs_line_breaks_and_any_script_are_text_and_pass(client, story):
    assert client.get("/stories/", {"tag": "coffee\t\r\n"}).status_code == 200
    assert client.get("/stories/", {"tag": "kopi ☕ кофе 咖啡"}).status_code == 200
    assert client.get("/stories/", {"tag": "c" * MAX_PARAMETER_LENGTH}).status_code == 200
    assert "Kopi from Gayo" in client.get("/stories/", {"tag": "coffee"}).content.decode()


@pytest.mark.parametrize("endpoint", ["pages", "products", "images"])
def test_an_api_offset_beyond_the_bound_is_a_400(client, story, endpoint):
    ImageFactory()

    huge = client.get(f"/api/v2/{endpoint}/", {"offset": "9" * 30})
    deepest = client.get(f"/api/v2/{endpoint}/", {"offset": "10000"})

    assert huge.status_code == 400
    assert huge.json() == {"message": "offset cannot be higher than 10000"}
    assert deepest.status_code == 200
    assert deepest.json()["items"] == []


@pytest.mark.parametrize("endpoint", ["pages", "images"])
def test_an_unknown_search_operator_is_a_400_and_the_known_ones_search(client, story, endpoint):
    unknown = client.get(f"/api/v2/{endpoint}/", {"search": "kopi", "search_operator": "xor"})
    known = client.get(f"/api/v2/{endpoint}/", {"search": "kopi", "search_operator": "OR"})

    assert unknown.status_code == 400
    assert unknown.json() == {"message": "search_operator must be 'and' or 'or'"}
    assert known.status_code == 200


def test_a_double_quote_in_an_api_search_is_a_400(client, story):
    # Wagtail's SQLite search puts each word between unescaped double quotes: a 500 there.
    response = client.get("/api/v2/pages/", {"search": 'kopi "gayo'})

    assert response.status_code == 400
    assert response.json() == {"message": 'search cannot contain double quotes (")'}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date": "notadate"}, "'notadate' is not a valid value for date"),
        ({"date": "2026-13-45"}, "'2026-13-45' is not a valid value for date"),
        ({"first_published_at": "yesterday"}, "'yesterday' is not a valid value for"),
        ({"first_published_at": "2026-03-01"}, "give a time zone"),
        ({"hero_image": "9" * 30}, "is not a valid value for hero_image (out of range)"),
        ({"hero_image": "one"}, "'one' is not a valid value for hero_image"),
        ({"id": "9" * 30}, "is not a valid value for id (out of range)"),
        ({"body": "[]"}, "cannot filter by 'body'"),
    ],
)
def test_a_filter_value_its_field_cannot_hold_is_a_400(client, story, query, message):
    response = client.get("/api/v2/pages/", {"type": "content.ArticlePage", **query})

    assert response.status_code == 400
    assert message in response.json()["message"]


def test_a_detail_view_checks_the_filters_it_applies_too(client, story):
    # Found by the property tests: Wagtail filters the detail view's queryset as well.
    query = {"type": "content.ArticlePage", "date": "2026-13-45"}

    response = client.get(f"/api/v2/pages/{story.pk}/", query)

    assert response.status_code == 400
    assert "'2026-13-45' is not a valid value for date" in response.json()["message"]


def test_filters_with_good_values_still_filter(client, story):
    def titles(**query) -> list[str]:
        response = client.get("/api/v2/pages/", {"type": "content.ArticlePage", **query})
        return [item["title"] for item in response.json()["items"]]

    assert titles(date="2026-03-01") == ["Kopi from Gayo"]
    assert titles(date="2026-03-02") == []
    assert titles(id=str(story.pk), offset="0", search_operator="and") == ["Kopi from Gayo"]


def test_finding_a_page_by_an_id_that_is_not_one_is_a_400(client, story):
    response = client.get("/api/v2/pages/find/", {"id": "abc"})

    assert response.status_code == 400
    assert response.json() == {"message": "id must be an integer"}
    assert client.get("/api/v2/pages/find/", {"id": story.pk}).status_code == 302


def test_finding_a_page_of_a_type_by_an_id_no_page_has_is_a_404(client, story):
    # Found by the property tests (tests/hostile/): a 500 before, the typed listing's
    # DoesNotExist escaping Wagtail's find view.
    query = {"type": "content.ArticlePage", "id": "0"}

    response = client.get("/api/v2/pages/find/", query)

    assert response.status_code == 404
    assert response.json() == {"message": "not found"}
    found = client.get("/api/v2/pages/find/", {**query, "id": story.pk})
    assert found.status_code == 302
