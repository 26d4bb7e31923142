"""Share links for stories and products; each carries the story the reader shared from."""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest

from content import listings
from storyshop.links import VIA_PARAMETER, parse_via, with_query


def via_story(request: HttpRequest | None) -> Any:
    """The live, public story named by the request's `?via=`, as its own type, or None."""
    return live_story(request.GET.get(VIA_PARAMETER) if request is not None else None)


def live_story(via: str | None) -> Any:
    """The live, public story a `via` value names, as its own type, or None."""
    return listings.live_story(parse_via(via))


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
