"""Fixtures of the property tests: the shop's (the Stripe stand-in, a story selling coffee), and
rate limits no run of hundreds of requests from one address reaches."""

from typing import Any

import pytest

from tests.commerce.conftest import (  # noqa: F401  (fixtures)
    block_id,
    coffee,
    story,
    stripe_api,
    stripe_server,
)


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings: Any) -> None:
    """Rate limits are tested elsewhere; a 429 would still pass here (it is a 4xx)."""
    settings.STORYSHOP_RATE_LIMIT_SCALE = "10000"
