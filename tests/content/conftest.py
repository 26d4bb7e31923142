"""Fixtures the content tests share with the shop's: the browser, the Stripe stand-in."""

from tests.browser import browser, page  # noqa: F401  (browser-test fixtures)
from tests.commerce.conftest import (  # noqa: F401  (fixtures)
    stripe_api,
    stripe_server,
    wagtail_tree,
)
