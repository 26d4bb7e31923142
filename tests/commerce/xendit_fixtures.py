"""Xendit test fixtures: the local stand-in, with the settings pointed at it.

Import them into a conftest (or a test module) to use them:
`from tests.commerce.xendit_fixtures import xendit_api, xendit_server  # noqa: F401`.
"""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.commerce.xendit_stand_in import XenditStandIn

XENDIT_SECRET_KEY = "xnd_development_storyshop"
XENDIT_CALLBACK_TOKEN = "xendit-callback-token-storyshop"


@pytest.fixture(scope="session")
def xendit_server() -> Iterator[XenditStandIn]:
    server = XenditStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def xendit_api(xendit_server: XenditStandIn, settings: Any) -> XenditStandIn:
    """Xendit on, with the real SDK talking to the local stand-in; no retries, short timeouts."""
    xendit_server.reset()
    settings.XENDIT_SECRET_KEY = XENDIT_SECRET_KEY
    settings.XENDIT_CALLBACK_TOKEN = XENDIT_CALLBACK_TOKEN
    settings.XENDIT_API_BASE = xendit_server.url
    settings.XENDIT_MAX_NETWORK_RETRIES = "0"
    settings.XENDIT_TIMEOUT_SECONDS = "1"
    return xendit_server


def callback_headers(token: str = XENDIT_CALLBACK_TOKEN) -> dict[str, str]:
    """The headers of an invoice callback as Xendit sends it (Django test client: `headers=`)."""
    return {"x-callback-token": token}
