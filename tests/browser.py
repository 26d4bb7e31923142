"""Browser-test support: Playwright for Python driving Debian's chromium.

Only the `playwright` pip package is used, never `playwright install`: the browser is the
system's chromium (`.ci/run` installs it with apt-get). Where it is missing the browser tests
are skipped with the reason, except in CI (CI=true), where that is a failure.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("STORYSHOP_CHROMIUM", "/usr/bin/chromium"))


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} CI must run the browser tests (.ci/run installs chromium).")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless chromium, shared by the session's browser tests."""
    if not CHROMIUM.exists():
        _unavailable(f"No browser at {CHROMIUM}: `apt-get install chromium` to run browser tests.")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("The playwright package is missing: `make test` installs it.")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are ordinary synchronous code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser tab with its own cookies.

    At the end the tab leaves its page and waits for the requests still going to the live
    server (Wagtail's editor pings and releases its editing session on unload), so none of them
    holds the test database while pytest-django flushes it.
    """
    context = browser.new_context()
    in_flight: set[Any] = set()
    context.on("request", lambda request: in_flight.add(request))
    context.on("requestfinished", lambda request: in_flight.discard(request))
    context.on("requestfailed", lambda request: in_flight.discard(request))
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    tab.goto("about:blank")
    for _ in range(50):  # at most 5 seconds
        if not in_flight:
            break
        tab.wait_for_timeout(100)
    context.close()
