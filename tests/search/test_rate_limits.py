"""Search is the most expensive public page: each client gets a per-minute allowance of searches
and of suggestions, then a 429 that says when to come back (issue 10, finding 7)."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.search_backends("database")]


def test_searches_beyond_the_allowance_get_a_429_page_with_retry_after(client, settings, stories):
    settings.STORYSHOP_SEARCH_LIMIT = "3"

    answers = [client.get("/search/", {"q": f"kopi {n}"}) for n in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert "You searched very often from your connection" in refused.content.decode()
    assert 0 < int(refused["Retry-After"]) <= 60
    assert Client(REMOTE_ADDR="198.51.100.20").get("/search/", {"q": "kopi"}).status_code == 200


def test_suggestions_beyond_the_allowance_get_a_429_in_json(client, settings, stories):
    settings.STORYSHOP_SUGGEST_LIMIT = "2"
    ask = {"q": "ko"}

    answers = [client.get("/search/suggest/", ask) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert "You searched very often" in answers[-1].json()["error"]
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
    # Searching and suggesting count apart: typing does not use up the search page.
    assert client.get("/search/", {"q": "kopi"}).status_code == 200


def test_default_allowances_are_far_above_what_a_reader_does(client, stories):
    answers = [client.get("/search/suggest/", {"q": "kopi"[: 2 + n % 3]}) for n in range(40)]
    answers += [client.get("/search/", {"q": "kopi", "page": n}) for n in range(1, 20)]

    assert {answer.status_code for answer in answers} == {200}
