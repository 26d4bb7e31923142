"""In a real browser: the loader turns a creator's snippet on another site into a sized card."""

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_tree"),
]


@contextmanager
def creator_site(html: str) -> Iterator[str]:
    """A creator's own site serving `html`, on another origin than the shop (its URL).

    A real server on the loopback address, like the shop's live server: chromium refuses
    requests from a page of another address space (one the test made up) to loopback.
    """

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/blog/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_loader_frames_the_card_on_another_site_and_sizes_it(page, live_server, story, coffee):
    snippet = (
        f'<div data-storyshop-product="{coffee.pk}" data-storyshop-via="{story.pk}" '
        f'data-storyshop-title="Kopi Gayo"></div>'
        f'<script src="{live_server.url}/embed/loader.js" async></script>'
    )
    blog = f"<!DOCTYPE html><html><body><h1>My blog</h1>{snippet}</body></html>"

    with creator_site(blog) as url:
        page.goto(url)

        frame = page.locator('iframe[title="Kopi Gayo"]')
        frame.wait_for()
        assert frame.get_attribute("src") == (
            f"{live_server.url}/embed/products/{coffee.pk}/?via={story.pk}"
        )
        assert frame.get_attribute("loading") == "lazy"
        page.frame_locator('iframe[title="Kopi Gayo"]').get_by_role(
            "link", name="Buy at Storyshop"
        ).wait_for()
        page.wait_for_function("document.querySelector('iframe').style.height !== ''")
        card = next(f for f in page.frames if f.url.startswith(f"{live_server.url}/embed/"))
        card_height = card.evaluate("document.documentElement.getBoundingClientRect().height")
        sized = page.evaluate("document.querySelector('iframe').style.height")
        assert sized == f"{math.ceil(card_height)}px"

        # A resize message from anything but the card's own frame and origin is ignored.
        page.evaluate("window.postMessage({storyshop: 'resize', height: 5, id: ''}, '*')")
        page.wait_for_timeout(200)
        assert page.evaluate("document.querySelector('iframe').style.height") == sized
