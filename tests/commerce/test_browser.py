"""In a real browser: add to cart without leaving the story, and "Buy now" to Stripe and back."""

import pytest

from commerce.shop.models import Order

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_tree"),
]


def test_reader_adds_to_the_cart_without_leaving_the_story(
    page, live_server, stripe_api, story, coffee
):
    url = live_server.url + story.url
    page.goto(url)
    assert page.locator("[data-cart-count]").first.inner_text() == "0"

    page.get_by_role("button", name="Add to cart").click()

    page.get_by_text("Added to your cart").wait_for()
    assert page.url == url
    assert page.locator("[data-cart-count]").first.inner_text() == "1"
    page.goto(live_server.url + "/cart/")
    assert "Kopi Gayo" in page.content()


def test_buy_now_goes_to_stripe_checkout_and_back_to_a_paid_order(
    page, live_server, stripe_api, story, coffee
):
    page.goto(live_server.url + story.url)

    page.get_by_role("button", name="Buy now").click()

    page.wait_for_url(f"{stripe_api.url}/pay/cs_test_*")
    assert "Stripe Checkout stand-in" in page.title()
    page.get_by_role("button", name="Pay").click()
    page.get_by_text("Thank you!").wait_for()
    order = Order.objects.get()
    assert order.reference in page.content()
    assert order.status == Order.Status.PAID
    assert order.lines.get().source_page_id == story.pk


def test_buy_now_is_disabled_once_pressed_so_a_double_click_sends_one_checkout(
    page, live_server, stripe_api, story, coffee
):
    page.goto(live_server.url + story.url)
    # Keep the page in place after cart.js has seen the submission, to look at the button.
    page.evaluate("document.addEventListener('submit', (event) => event.preventDefault())")
    buy_now = page.get_by_role("button", name="Buy now")

    buy_now.click()

    page.wait_for_function("document.querySelector('.buy-controls__buy').disabled")
    assert page.get_by_role("button", name="Add to cart").is_enabled()
