"""Fixtures the content tests share with the shop's: the Stripe stand-in, the page tree."""

from tests.commerce.conftest import (  # noqa: F401  (fixtures)
    stripe_api,
    stripe_server,
    wagtail_tree,
)
