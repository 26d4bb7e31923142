"""Elasticsearch down or missing: search answers from the database and says so; indexing retries."""

import io
import logging

import pytest
from django.core.management import call_command

from search import elastic
from search.indexing import drain_indexing_requests
from search.models import IndexingRequest
from search.queries import search_site
from search.results import SearchQuery
from tests.search.conftest import use_elasticsearch
from tests.search.shop import build_shop, product

pytestmark = [pytest.mark.django_db, pytest.mark.search_backends("database")]


@pytest.fixture
def shop(stories, indexed):
    with indexed():
        return build_shop(stories)


def test_search_falls_back_to_the_database_when_elasticsearch_is_down(
    shop, settings, unreachable_url, caplog
):
    use_elasticsearch(settings, unreachable_url)

    with caplog.at_level(logging.WARNING, logger="search"):
        results = search_site(SearchQuery(text="kawung"))

    assert (results.backend, results.degraded) == ("database", True)
    assert len(results.hits) == 3
    assert "simpler mode" in results.notice
    assert "Searching the database instead of Elasticsearch" in caplog.text


def test_page_and_suggestions_say_so(client, shop, settings, unreachable_url):
    use_elasticsearch(settings, unreachable_url)

    page = client.get("/search/", {"q": "kawung"})
    suggestions = client.get("/search/suggest/", {"q": "kaw"}).json()

    assert page.status_code == 200
    assert "search__notice" in page.content.decode()
    assert suggestions["degraded"] is True
    assert sorted(entry["title"] for entry in suggestions["products"]) == [
        "Batik Cap Kawung Shirt",
        "Kawung Tote Bag",
    ]


def test_search_falls_back_when_the_index_was_never_built(shop, settings, elasticsearch_server):
    with elasticsearch_server.clone() as clone:
        use_elasticsearch(settings, clone.url)

        results = search_site(SearchQuery(text="kawung"))

    assert (results.backend, results.degraded, len(results.hits)) == ("database", True, 3)


def test_failed_indexing_is_kept_and_retried(stories, indexed, settings, unreachable_url, caplog):
    use_elasticsearch(settings, unreachable_url)
    with caplog.at_level(logging.WARNING, logger="search"), indexed():
        shirt = product("Kawung shirt", "100000")

    waiting = IndexingRequest.objects.get(kind="product", object_id=shirt.pk)
    assert (waiting.done_at, waiting.attempts) == (None, 1)
    assert "Elasticsearch could not" in waiting.last_error
    assert "Search index update for product" in caplog.text
    # Not due yet: a pass now leaves it waiting.
    assert drain_indexing_requests().done == 0


def test_a_retry_pass_catches_up_once_elasticsearch_is_back(
    stories, indexed, settings, unreachable_url, elasticsearch_server
):
    use_elasticsearch(settings, unreachable_url)
    with indexed():
        product("Kawung shirt", "100000")
    IndexingRequest.objects.update(due_at=IndexingRequest.objects.get().requested_at)

    with elasticsearch_server.clone() as clone:
        use_elasticsearch(settings, clone.url)
        out = io.StringIO()
        call_command("retry_search_indexing", stdout=out)
        results = search_site(SearchQuery(text="kawung"))

    assert out.getvalue().startswith("1 done, 0 failed, 0 waiting.")
    assert results.backend == "elasticsearch"
    assert [hit.title for hit in results.hits] == ["Kawung shirt"]


def test_writes_before_the_first_rebuild_create_indices_behind_aliases(
    stories, indexed, settings, elasticsearch_server
):
    with elasticsearch_server.clone() as clone:
        use_elasticsearch(settings, clone.url)
        with indexed():
            product("Kawung shirt", "100000")

        behind = elastic.indices_behind("products")

    assert len(behind) == 1
    assert behind[0].startswith("storyshop-products-")
