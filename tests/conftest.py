import pytest

# One browser for the whole session, shared by every app's browser tests: Playwright's sync
# API cannot start twice in one process.
from tests.browser import browser, page  # noqa: F401  (browser-test fixtures)
from tests.factories import article_index


@pytest.fixture
def stories(db):
    """A published story index below the home page."""
    return article_index()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (robots.txt and the sitemap are cached pages)."""
    from django.core.cache import cache

    cache.clear()
