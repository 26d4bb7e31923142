"""Hypothesis strategies for what a stranger may send: query strings, form and JSON bodies,
path segments and webhook payloads. Used by tests/test_hostile_input.py.

Every strategy mixes three kinds of text: values that have broken web applications before
(numbers of every shape, NUL, quotes, markup, escapes, homoglyph digits, the huge and the
empty), any Unicode at all (control characters included: the edge must refuse those), and
printable text, which gets past the edge and reaches the views.
"""

import os
from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Every property test: a modest number of examples so CI stays fast (STORYSHOP_HOSTILE_EXAMPLES
# asks for more, for a longer hunt by hand), no deadline (one request can take a while on a
# loaded machine: timing is not what is tested), derandomized so each run tries the same
# inputs, and no example database written into the repository.
HOSTILE_SETTINGS = settings(
    max_examples=int(os.environ.get("STORYSHOP_HOSTILE_EXAMPLES") or 40),
    deadline=None,
    derandomize=True,
    database=None,
    # Each example resets what it changed itself (see `example` in the tests).
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY_VALUES = (
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "10",
    "11",
    "1e3",
    "1.5",
    "0x10",
    "9" * 30,
    "-" + "9" * 30,
    "NaN",
    "inf",
    "true",
    "null",
    "[]",
    "{}",
    '{"a": 1}',
    "'",
    '"',
    "\\",
    "%",
    "%00",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\u202eevil",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "\u0663",  # Arabic-Indic 3: int() reads it too
    "\uff11\uff12",  # fullwidth 12: int() reads it
    "\uff4b\uff4f\uff50\uff49",  # fullwidth "kopi"
    "☕",
    "x" * 3000,
    "root",
    "random",
    "*",
    "-title",
    "content.ArticlePage",
    "wagtailcore.Page",
    "content.ArticlePage,content.TutorialPage",
    "body(product)",
    "2026-03-01",
    "2026-02-30",
    "cs_test_" + "a" * 24,
    "http://testserver/products/kopi/",
    "https://example.com/",
    "javascript:alert(1)",
)

PRINTABLE = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"))


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """One parameter value (or name, or path segment)."""
    return st.one_of(
        st.sampled_from(NASTY_VALUES),
        st.text(PRINTABLE, max_size=max_size),
        st.text(max_size=max_size),
        st.integers().map(str),
    )


def parameters(names: Sequence[str]) -> st.SearchStrategy[dict[str, Any]]:
    """A query string or form: mostly the endpoint's own names, sometimes any name; a value is
    one text or several (a repeated parameter)."""
    name = st.one_of(st.sampled_from(list(names)), texts(max_size=12))
    value = st.one_of(texts(), st.lists(texts(), min_size=1, max_size=3))
    return st.dictionaries(name, value, max_size=6)


DELETE = object()


def _changed(base: Mapping[str, Any], changes: list[tuple[str, Any]]) -> dict[str, Any]:
    changed = dict(base)
    for name, value in changes:
        if value is DELETE:
            changed.pop(name, None)
        else:
            changed[name] = value
    return changed


def mutations_of(base: Mapping[str, Any], names: Sequence[str]) -> st.SearchStrategy[dict]:
    """`base`, a well-formed form or query, with up to three fields removed, changed or added:
    close enough to pass most checks, so the code behind them is reached too."""
    value = st.one_of(
        st.just(DELETE),
        texts(),
        st.integers(-3, 12).map(str),
        st.lists(texts(), min_size=1, max_size=3),
    )
    name = st.one_of(st.sampled_from(list(names)), texts(max_size=12))
    return st.lists(st.tuples(name, value), max_size=3).map(lambda changes: _changed(base, changes))


@st.composite
def queries(
    draw: st.DrawFn,
    known: Mapping[str, st.SearchStrategy[str]],
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """A query string: a few of the endpoint's parameters, each with a value of the kind it
    takes (`known[name]`) or any text, sometimes an unknown name, sometimes on top of `base`."""
    query = dict(base or {}) if base and draw(st.booleans()) else {}
    for _ in range(draw(st.integers(0, 4))):
        # One unknown name in every len(known) + 1: an unknown name ends most checks early.
        name = draw(st.sampled_from([*sorted(known), None])) or draw(texts(max_size=12))
        query[name] = draw(st.one_of(known.get(name, texts()), texts()))
    return query


def ids() -> st.SearchStrategy[str]:
    """An id, offset or count: small, negative, or far beyond any column."""
    return st.one_of(st.integers(-3, 50), st.integers(min_value=10**9)).map(str)


def numbers_or_texts(*plausible: int) -> st.SearchStrategy[str]:
    """An id or quantity: often one that exists (`plausible`) or is near one, else anything."""
    near = (
        st.sampled_from(plausible).flatmap(lambda n: st.integers(n - 2, n + 2))
        if plausible
        else st.nothing()
    )
    return st.one_of(near.map(str), st.integers(-5, 20).map(str), texts())


JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts(max_size=20)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(texts(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)

# How a body is sent: an HTML form, a multipart form, or JSON.
BODY_ENCODINGS = st.sampled_from(["urlencoded", "multipart", "json"])
# What the client says it reads: a browser's HTML, or the cart script's JSON.
ACCEPTS = st.sampled_from(["text/html,application/xhtml+xml", "application/json", "*/*"])


def event_changes(event_fields: Sequence[str], object_fields: Sequence[str]) -> st.SearchStrategy:
    """Changes to a well-formed Stripe event: (where, field, new value or DELETE) triples, where
    "event" is the event itself and "object" what it is about."""
    change = st.one_of(
        st.tuples(
            st.just("event"),
            st.one_of(st.sampled_from(list(event_fields)), texts(max_size=10)),
            st.one_of(st.just(DELETE), JSON_VALUES),
        ),
        st.tuples(
            st.just("object"),
            st.one_of(st.sampled_from(list(object_fields)), texts(max_size=10)),
            st.one_of(st.just(DELETE), JSON_VALUES),
        ),
    )
    return st.lists(change, min_size=1, max_size=3)


def changed_event(event: dict[str, Any], changes: list[tuple[str, str, Any]]) -> dict[str, Any]:
    """`event` with `changes` (from `event_changes`) made, the original left as it was."""
    changed = {**event, "data": {**event["data"], "object": dict(event["data"]["object"])}}
    for where, name, value in changes:
        data = changed.get("data")
        target = (
            changed if where == "event" else data.get("object") if isinstance(data, dict) else None
        )
        if not isinstance(target, dict):
            continue
        if value is DELETE:
            target.pop(name, None)
        else:
            target[name] = value
    return changed
