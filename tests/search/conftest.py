"""Every search test runs twice: on the database fallback and against a real server.

The server is osmem-server, an in-memory Elasticsearch/OpenSearch-compatible server started once
per session on 127.0.0.1 (a free port chosen at start); each test gets its own copy-on-write
clone of it. `@pytest.mark.search_backends("elasticsearch")` limits a test to some backends.
"""

import socket

import pytest
from elastic_transport import HttpHeaders, Urllib3HttpNode
from osmem_server import OsmemServer

BACKENDS = ("database", "elasticsearch")
PLAIN_TYPES = {
    "application/vnd.elasticsearch+json; compatible-with=8": "application/json",
    "application/vnd.elasticsearch+x-ndjson; compatible-with=8": "application/x-ndjson",
}


class PlainJsonNode(Urllib3HttpNode):
    """Sends plain JSON media types: osmem-server refuses Elasticsearch's versioned ones.

    Real Elasticsearch accepts both, so this adaptation lives in the tests only.
    """

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        plain = HttpHeaders(headers or {})
        for name in ("content-type", "accept"):
            if name in plain:
                plain[name] = PLAIN_TYPES.get(plain[name], plain[name])
        return super().perform_request(method, target, body=body, headers=plain, **kwargs)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "search_backends(*names): run a search test on these backends only"
    )


def pytest_generate_tests(metafunc):
    if "search_backend" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("search_backends")
        metafunc.parametrize("search_backend", marker.args if marker else BACKENDS, indirect=True)


@pytest.fixture(scope="session")
def elasticsearch_server():
    server = OsmemServer.start(japanese=False)
    yield server
    server.close()


@pytest.fixture(autouse=True)
def search_backend(request, settings):
    """The backend this run of the test searches: "database" or "elasticsearch"."""
    if request.param != "elasticsearch":
        yield request.param
        return
    with request.getfixturevalue("elasticsearch_server").clone() as clone:
        use_elasticsearch(settings, clone.url)
        yield request.param


def use_elasticsearch(settings, url):
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_NODE_CLASS = PlainJsonNode
    settings.ELASTICSEARCH_TIMEOUT = "2"
    settings.ELASTICSEARCH_MAX_RETRIES = "0"


@pytest.fixture
def unreachable_url():
    """An http URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """`with indexed():` commits what the block does as a real commit would: indexing runs."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
