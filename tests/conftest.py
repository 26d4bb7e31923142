import pytest

from tests.factories import article_index


@pytest.fixture
def stories(db):
    """A published story index below the home page."""
    return article_index()
