"""In a real browser: the Content-Security-Policy breaks nothing readers or editors use.

Every page below is read with a listener for `securitypolicyviolation` events and the console
(where chromium writes "Refused to ..." for each violation). Readers' pages must have none; the
admin must have no violation of its enforced policy, and its report-only (strict) violations are
counted and printed: the measure of what a strict admin policy would break.
"""

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.factories import ImageFactory, ProductFactory, article, every_block

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_tree"),
]

PASSWORD = "correct-horse-battery"
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        [event.disposition, event.effectiveDirective, event.blockedURI, event.sourceFile,
         event.lineNumber].join(" ")
    );
});
"""


class Watch:
    """The CSP violations a tab met: from its console and from the pages' own events."""

    def __init__(self, tab: Any) -> None:
        self.tab = tab
        self.console: list[str] = []
        tab.on("console", self._console)
        tab.add_init_script(COLLECT_VIOLATIONS)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def events(self) -> list[str]:
        return self.tab.evaluate("window.__cspViolations || []")

    def report_only(self) -> list[str]:
        """Violations of a report-only policy: logged, nothing blocked."""
        return [text for text in self.console if "policy is report-only" in text]

    def enforced(self) -> list[str]:
        """Violations that blocked something."""
        return [text for text in self.console if "policy is report-only" not in text]


@pytest.fixture
def watch(page) -> Watch:
    return Watch(page)


@pytest.fixture
def rich_story(stories):
    """A story with a block of every kind: product cards, carousels, a shoppable image with
    hotspots, a video, and the JSON-LD of its head."""
    coffee = ProductFactory(name="Kopi Gayo", price="125000.00", stock=10)
    coffee.tags.add("coffee")
    coffee.save()
    toraja = ProductFactory(name="Toraja Sapan", price="150000.00", stock=5)
    return article(stories, title="From Gayo", body=every_block([coffee, toraja], ImageFactory()))


def test_a_story_with_products_and_the_cart_run_under_the_policy(
    page, watch, live_server, stripe_api, rich_story
):
    page.goto(live_server.url + rich_story.url)
    assert page.locator('script[type="application/ld+json"]').count() >= 1
    assert page.locator(".hotspot").count() == 2
    box = page.locator(".hotspot .hotspot__dot").first.bounding_box()
    picture = page.locator(".shoppable-image__picture").bounding_box()
    assert abs(box["x"] + box["width"] / 2 - (picture["x"] + picture["width"] * 0.255)) < 2
    assert abs(box["y"] + box["height"] / 2 - (picture["y"] + picture["height"] * 0.40)) < 2

    page.get_by_role("button", name="Add to cart").first.click()
    page.get_by_text("Added to your cart").wait_for()
    story_events = watch.events()
    page.goto(live_server.url + "/cart/")
    page.get_by_text("Kopi Gayo").first.wait_for()

    assert watch.console == []
    assert story_events == []
    assert watch.events() == []


def test_the_embedded_card_runs_under_its_own_single_policy(page, watch, live_server, coffee):
    response = page.goto(f"{live_server.url}/embed/products/{coffee.pk}/")

    assert "frame-ancestors *" in response.headers["content-security-policy"]
    assert page.get_by_text("Buy at").count() == 1
    assert watch.console == []
    assert watch.events() == []


def test_the_admin_page_editor_works_under_its_policy(page, watch, live_server, settings, story):
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 10 * 60 * 1000
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/pages/{story.pk}/edit/")
    body = page.locator("[data-contentpath='body']")
    body.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator("[data-contentpath='title'] input").fill("From Gayo, edited")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("has been updated").first.wait_for()
    report_only = watch.report_only()
    events_on_the_editor = len(watch.events())
    # An editor reading the site gets the readers' policy, with Wagtail's user bar on top.
    page.goto(live_server.url + story.url)
    page.locator("wagtail-userbar").wait_for(state="attached")

    assert watch.enforced() == []
    print(
        f"\nAdmin page editor: {len(report_only)} report-only violations of the strict policy "
        f"(console), {events_on_the_editor} on the editor's last page; enforced: 0"
    )
    for text in sorted({text.split(" violates ")[0] for text in report_only}):
        print("  ", text[:160])
