"""Search settings, read and validated in one place (the system check reports what is wrong)."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

INDEX_PREFIX_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,40}$")


@dataclass(frozen=True)
class ElasticsearchSettings:
    """How to reach Elasticsearch; `url` is empty when search runs on the database."""

    url: str
    api_key: str
    index_prefix: str
    timeout: float
    max_retries: int
    # A transport node class, or elastic_transport's name for one ("urllib3", "requests").
    node_class: type | str

    @property
    def enabled(self) -> bool:
        return bool(self.url)


def _number(name: str, convert: type[float] | type[int], low: float, high: float) -> float:
    raw = getattr(settings, name)
    try:
        value = convert(raw)
    except (TypeError, ValueError):
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from None
    if not low <= value <= high:
        raise ImproperlyConfigured(f"{name}={raw!r} must be between {low:g} and {high:g}.")
    return value


def elasticsearch_settings() -> ElasticsearchSettings:
    """Return the validated Elasticsearch settings.

    Raises:
        ImproperlyConfigured: a setting (usually from the environment) is unusable; the message
            names it.
    """
    url = settings.ELASTICSEARCH_URL.strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ImproperlyConfigured(
                f"ELASTICSEARCH_URL={url!r} is not an http(s) URL, e.g. https://host:9200"
            )
    prefix = settings.ELASTICSEARCH_INDEX_PREFIX
    if not INDEX_PREFIX_PATTERN.match(prefix):
        raise ImproperlyConfigured(
            f"ELASTICSEARCH_INDEX_PREFIX={prefix!r} must be lowercase letters, digits, - or _ "
            "(at most 41 characters, starting with a letter or digit)."
        )
    return ElasticsearchSettings(
        url=url,
        api_key=settings.ELASTICSEARCH_API_KEY,
        index_prefix=prefix,
        timeout=_number("ELASTICSEARCH_TIMEOUT", float, 0.1, 120),
        max_retries=int(_number("ELASTICSEARCH_MAX_RETRIES", int, 0, 10)),
        node_class=settings.ELASTICSEARCH_NODE_CLASS,
    )
