import pytest

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
