"""In a real browser: "Copy link" works where the clipboard API is missing (plain HTTP)."""

import pytest

from tests.factories import ProductFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_tree"),
]

# What a browser offers a page served over plain HTTP from another machine: no clipboard API.
WITHOUT_CLIPBOARD_API = "Object.defineProperty(navigator, 'clipboard', {value: undefined})"


def test_copy_link_falls_back_without_the_clipboard_api(page, live_server):
    product = ProductFactory(name="Gayo beans")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(WITHOUT_CLIPBOARD_API)
    page.goto(live_server.url + product.get_absolute_url())
    assert page.evaluate("navigator.clipboard") is None

    page.get_by_role("button", name="Copy link").click()

    page.get_by_role("button", name="Link copied").wait_for()
    assert errors == []
