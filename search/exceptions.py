"""The search app's own exceptions."""


class InvalidSearch(ValueError):
    """A search request that cannot be answered as asked; the message says why, for readers."""


class SearchUnavailable(RuntimeError):
    """Elasticsearch could not answer (down, timed out, index missing or refused the request)."""
