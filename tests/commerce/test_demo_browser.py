"""In a real browser, as a newcomer on `make run` without any keys: buy from a story through the
demo provider's page and see the paid order."""

import pytest

from commerce.shop.models import Order

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_tree"),
]


def test_a_newcomer_buys_from_a_story_through_the_demo_provider(
    page, live_server, settings, no_payments, story, coffee
):
    settings.STORYSHOP_DEMO_PAYMENTS = "auto"
    page.goto(live_server.url + story.url)
    page.get_by_role("button", name="Add to cart").click()
    page.get_by_text("Added to your cart").wait_for()

    page.goto(live_server.url + "/cart/")
    page.get_by_label("E-mail for your receipt").fill("newcomer@example.com")
    page.get_by_role("button", name="Check out").click()
    page.wait_for_url(f"{live_server.url}/payments/demo/**")
    assert "No real money" in page.content()
    page.get_by_label("OVO").check()
    page.get_by_role("button", name="Pay Rp").click()

    page.get_by_text("Thank you!").wait_for()
    order = Order.objects.get()
    assert f"Your order {order.reference} is paid" in page.inner_text("main")
    assert (order.status, order.payment_provider, order.payment_method) == ("paid", "demo", "OVO")
    assert order.email == "newcomer@example.com"
    assert order.lines.get().source_page_id == story.pk
