"""In a real browser: an editor places shoppable-image hotspots by clicking the picture."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import ImageFactory, ProductFactory, article, article_index

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_tree"),
]

PASSWORD = "correct-horse-battery"


def choose_in_modal(page, opener, name: str) -> None:
    """Open a chooser and pick the item called `name` in its modal."""
    opener.click()
    modal = page.locator(".modal.fade.in, .modal.show").last
    modal.get_by_role("link", name=name).first.click()
    modal.wait_for(state="hidden")


def click_picture_at(page, x_percent: float, y_percent: float) -> None:
    picture = page.locator(".hotspot-placer__picture img")
    box = picture.bounding_box()
    picture.click(
        position={"x": box["width"] * x_percent / 100, "y": box["height"] * y_percent / 100}
    )


def add_hotspot(hotspots, fields: int) -> None:
    """Add a hotspot and wait for its fields (deleted hotspots keep theirs, hidden)."""
    hotspots.locator("button[data-streamfield-list-add]").last.click()
    hotspots.locator("input[name$='-value-x']").nth(fields - 1).wait_for(state="attached")


def test_the_editor_places_hotspots_by_clicking_and_deleted_ones_stay_out(
    page, live_server, settings
):
    # Wagtail's editor pings its editing session every 10 s; in-memory SQLite shares one
    # connection between the live server's threads, so a ping during the save could break it.
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 10 * 60 * 1000
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    ImageFactory(title="Market table", width=640, height=480)
    ProductFactory(name="Gayo beans")
    ProductFactory(name="Lasem scarf")
    story = article(article_index(), title="The market")

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/admin/pages/{story.pk}/edit/")

    # Add a shoppable image to the body, choose its picture and describe it.
    body = page.locator("[data-contentpath='body']")
    body.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Shoppable image").click()
    block = page.locator(".shoppable-image-block").first
    choose_in_modal(page, block.get_by_role("button", name="Choose an image"), "Market table")
    block.locator("input[name$='-alt_text']").fill("A market table")
    picture = page.locator(".hotspot-placer__picture img")
    picture.wait_for(state="visible")

    # The first hotspot is placed by a click; the second after focusing its fields.
    hotspots = block.locator("[data-contentpath='hotspots']")
    choose_in_modal(page, hotspots.get_by_role("button", name="Choose product").first, "Gayo beans")
    click_picture_at(page, 25, 40)
    add_hotspot(hotspots, fields=2)
    choose_in_modal(
        page, hotspots.get_by_role("button", name="Choose product").first, "Lasem scarf"
    )
    hotspots.locator("input[name$='-value-x']").nth(1).focus()
    click_picture_at(page, 70, 60)
    assert page.locator(".hotspot-placer__dot").count() == 2

    # Delete the first while it is the one being edited: it leaves the picture, and the next
    # click places the new third hotspot, not the deleted one.
    hotspots.locator("input[name$='-value-x']").nth(0).focus()
    hotspots.locator("button[data-streamfield-action='DELETE']").first.click()
    page.wait_for_function("document.querySelectorAll('.hotspot-placer__dot').length === 1")
    add_hotspot(hotspots, fields=3)
    choose_in_modal(page, hotspots.get_by_role("button", name="Choose product").first, "Gayo beans")
    click_picture_at(page, 50, 20)
    assert page.locator(".hotspot-placer__dot").count() == 2

    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("has been updated").wait_for()

    story.refresh_from_db()
    saved = story.get_latest_revision_as_object()
    (shoppable,) = saved.body
    spots = [(round(spot["x"]), round(spot["y"])) for spot in shoppable.value["hotspots"]]
    assert spots == [(70, 60), (50, 20)]
