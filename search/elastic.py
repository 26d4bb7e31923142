"""The only module that talks to Elasticsearch: the client, indices behind aliases, reads, writes.

Every call goes through `_calling`, which turns the client's and the transport's errors into
`SearchUnavailable`, so callers decide what to do (fall back, retry) without importing the
client. Each kind of document lives in a timestamped index behind a stable alias
(`<prefix>-stories`, `<prefix>-products`); a rebuild fills new indices, then moves both aliases
in one atomic request.
"""

import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from typing import Any, Literal

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers
from elasticsearch.dsl import Document, Index, Search
from elasticsearch.dsl.response import Response

from search.conf import elasticsearch_settings
from search.documents import INDEX_SETTINGS, ProductDocument, StoryDocument, folding
from search.exceptions import SearchUnavailable

logger = logging.getLogger(__name__)

IndexKind = Literal["stories", "products"]
INDEX_KINDS: tuple[IndexKind, ...] = ("stories", "products")
DOCUMENT_CLASSES: dict[IndexKind, type[Document]] = {
    "stories": StoryDocument,
    "products": ProductDocument,
}
BULK_CHUNK_SIZE = 500


def is_configured() -> bool:
    """True when ELASTICSEARCH_URL is set."""
    return elasticsearch_settings().enabled


@cache
def get_client() -> Elasticsearch:
    """The client for ELASTICSEARCH_URL, with its timeout, retries and node class."""
    config = elasticsearch_settings()
    return Elasticsearch(
        config.url,
        api_key=config.api_key or None,
        request_timeout=config.timeout,
        max_retries=config.max_retries,
        retry_on_timeout=True,
        node_class=config.node_class,  # type: ignore[arg-type]  # names are accepted too
    )


@receiver(setting_changed)
def _forget_client(setting: str, **kwargs: Any) -> None:
    if setting.startswith("ELASTICSEARCH_"):
        get_client.cache_clear()
        _aliases_ready.clear()


@contextmanager
def _calling(action: str) -> Iterator[None]:
    try:
        yield
    except (TransportError, ApiError) as error:
        raise SearchUnavailable(f"Elasticsearch could not {action}: {error}") from error


def alias_name(kind: IndexKind) -> str:
    return f"{elasticsearch_settings().index_prefix}-{kind}"


def _index(kind: IndexKind, name: str) -> Index:
    index = Index(name, using=get_client())
    index.settings(**INDEX_SETTINGS)
    index.analyzer(folding)
    index.document(DOCUMENT_CLASSES[kind])
    return index


def create_index(kind: IndexKind) -> str:
    """Create a new, empty index for `kind` (not yet behind its alias) and return its name."""
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    name = f"{alias_name(kind)}-{stamp}-{uuid.uuid4().hex[:6]}"
    with _calling(f"create the index {name}"):
        _index(kind, name).create()
    return name


_aliases_ready: set[str] = set()


def ensure_aliases() -> None:
    """Give each kind an index behind its alias if it has none yet (before a first rebuild).

    Without this, the first write to an alias would make Elasticsearch create a plain index of
    that name with guessed mappings, which no alias could replace later.
    """
    for kind in INDEX_KINDS:
        alias = alias_name(kind)
        if alias in _aliases_ready:
            continue
        with _calling(f"look up the alias {alias}"):
            exists = get_client().indices.exists_alias(name=alias)
        if not exists:
            swap_aliases({kind: create_index(kind)})
        _aliases_ready.add(alias)


def indices_behind(kind: IndexKind) -> list[str]:
    """The concrete indices the alias of `kind` points to (none if it does not exist)."""
    with _calling(f"look up the alias {alias_name(kind)}"):
        try:
            return sorted(get_client().indices.get_alias(name=alias_name(kind)))
        except NotFoundError:
            return []


def swap_aliases(new_indices: dict[IndexKind, str]) -> list[str]:
    """Point each kind's alias at its new index in one atomic request; return the old indices."""
    actions: list[dict[str, Any]] = []
    old: list[str] = []
    for kind, index in new_indices.items():
        previous = indices_behind(kind)
        old += previous
        actions += [{"remove": {"index": name, "alias": alias_name(kind)}} for name in previous]
        actions.append({"add": {"index": index, "alias": alias_name(kind)}})
    with _calling("move the aliases"):
        get_client().indices.update_aliases(actions=actions)
    return old


def delete_indices(names: Iterable[str]) -> None:
    for name in names:
        with _calling(f"delete the index {name}"):
            get_client().indices.delete(index=name, ignore_unavailable=True)


def refresh(index: str) -> None:
    with _calling(f"refresh {index}"):
        get_client().indices.refresh(index=index)


def bulk_save(index: str, documents: Iterable[Document]) -> int:
    """Write `documents` into `index` in chunks; return how many were written."""
    actions = (
        {"_index": index, "_id": document.meta.id, "_source": document.to_dict()}
        for document in documents
    )
    with _calling(f"write documents to {index}"):
        written, _errors = helpers.bulk(get_client(), actions, chunk_size=BULK_CHUNK_SIZE)
    return written


def save_document(kind: IndexKind, document: Document) -> None:
    """Create or replace one document behind the alias of `kind`."""
    ensure_aliases()
    with _calling(f"index {kind} {document.meta.id}"):
        get_client().index(index=alias_name(kind), id=document.meta.id, document=document.to_dict())


def delete_document(kind: IndexKind, pk: int) -> None:
    """Remove one document from behind the alias of `kind`; a missing one is already gone."""
    ensure_aliases()
    with _calling(f"remove {kind} {pk}"), suppress(NotFoundError):
        get_client().delete(index=alias_name(kind), id=str(pk))


def run_search(search: Search) -> Response:
    """Run `search` over both aliases and return the response."""
    aliases = [alias_name(kind) for kind in INDEX_KINDS]
    with _calling("search"):
        return search.using(get_client()).index(*aliases).execute()
