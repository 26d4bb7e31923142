"""Share links for stories and products; each carries the story the reader shared from."""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest

# The query parameter naming the story a visit came from. A product page reached with it hands
# that story to the buying controls as their `page`, so the cart line, the order and the
# creator's commission are credited to the story that brought the reader.
VIA_PARAMETER = "via"
# Page ids fit in a 64-bit integer; longer digit strings are not ids.
_MAX_ID_DIGITS = 18


def parse_via(value: str | None) -> int | None:
    """The page id a `via` value names, or None unless it is a plain positive ASCII number."""
    if not value or len(value) > _MAX_ID_DIGITS or not (value.isascii() and value.isdigit()):
        return None
    return int(value) or None


def via_story(request: HttpRequest | None) -> Any:
    """The live, public story named by the request's `?via=`, as its own type, or None."""
    return live_story(request.GET.get(VIA_PARAMETER) if request is not None else None)


def live_story(via: str | None) -> Any:
    """The live, public story a `via` value names, as its own type, or None."""
    from wagtail.models import Page

    from content.models import STORY_PAGE_TYPES

    story_id = parse_via(via)
    if story_id is None:
        return None
    stories = Page.objects.live().public().type(*STORY_PAGE_TYPES).filter(pk=story_id)
    return stories.specific().first()


def with_query(url: str, parameters: dict[str, Any]) -> str:
    """`url` with `parameters` added to its query string."""
    return f"{url}{'&' if '?' in url else '?'}{urlencode(parameters)}"


def with_via(url: str, via_page_id: int | None) -> str:
    """`url` naming the story it was reached from (unchanged without one)."""
    if not via_page_id:
        return url
    return with_query(url, {VIA_PARAMETER: via_page_id})


def shared_url(url: str, network: str, via_page_id: int | None) -> str:
    """`url` with the referring story and the network it was shared on, as query parameters."""
    parameters = {"utm_source": network, "utm_medium": "share"}
    if via_page_id:
        parameters[VIA_PARAMETER] = str(via_page_id)
    return with_query(url, parameters)


def share_links(url: str, title: str, via_page_id: int | None) -> list[dict[str, str]]:
    """Copy-link, WhatsApp, X and Facebook links for `url`, each carrying the story."""
    whatsapp = shared_url(url, "whatsapp", via_page_id)
    x_link = shared_url(url, "x", via_page_id)
    facebook = shared_url(url, "facebook", via_page_id)
    return [
        {"network": "copy", "label": "Copy link", "href": shared_url(url, "copy", via_page_id)},
        {
            "network": "whatsapp",
            "label": "WhatsApp",
            "href": "https://wa.me/?" + urlencode({"text": f"{title} {whatsapp}"}),
        },
        {
            "network": "x",
            "label": "X",
            "href": "https://x.com/intent/post?" + urlencode({"text": title, "url": x_link}),
        },
        {
            "network": "facebook",
            "label": "Facebook",
            "href": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": facebook}),
        },
    ]
