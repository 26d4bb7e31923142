"""Creator widgets: a product card other sites frame, its loader snippet and oEmbed answers.

An embed is a product as featured by one of a creator's stories: its links carry `?via=<story
id>` exactly as a product link inside the story does, so a sale it leads to is credited to the
story and its creator through the one attribution path (`content.sharing`). Nothing here
fetches anything: oEmbed URLs are only parsed and resolved against this site's own URL map.
"""

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from django.http.request import split_domain_port, validate_host
from django.urls import Resolver404, resolve, reverse
from django.utils.html import format_html

from storyshop.links import VIA_PARAMETER, with_query, with_via

# The card's natural size; oEmbed consumers may ask for less with maxwidth/maxheight.
EMBED_WIDTH = 320
EMBED_HEIGHT = 440
# Readers may see price and stock up to this old: the card and oEmbed answers are cacheable.
EMBED_CACHE_SECONDS = 300
LOADER_CACHE_SECONDS = 60 * 60
# Marks the sales a widget led to in analytics; attribution itself travels in `via`.
EMBED_UTM_SOURCE = "embed"
_PRODUCT_URL_NAME = "commerce:product"


class EmbedNotFound(Exception):
    """The URL asked about is not a product page of this site (oEmbed answers 404)."""


@dataclass(frozen=True)
class ProductPageAddress:
    """What an oEmbed `url` names: a product (by slug) and the raw `via` it carried."""

    slug: str
    via: str | None


def embed_path(product_id: int, via_page_id: int | None = None) -> str:
    """The path of a product's embeddable card, crediting the story `via_page_id`."""
    return with_via(reverse("commerce:embed_product", args=[product_id]), via_page_id)


def buy_link(product_url: str, via_page_id: int | None, referral_code: str = "") -> str:
    """The card's link to the product page: the story it credits, the creator's referral code
    when the card was given one, and `utm_source=embed`."""
    parameters = {"ref": referral_code} if referral_code else {}
    return with_query(
        with_via(product_url, via_page_id), {**parameters, "utm_source": EMBED_UTM_SOURCE}
    )


def embed_snippet(root_url: str, product_id: int, via_page_id: int | None, title: str) -> str:
    """The HTML a creator pastes into their own site: a placeholder and the loader script."""
    via = format_html(' data-storyshop-via="{}"', via_page_id) if via_page_id else ""
    return format_html(
        '<div data-storyshop-product="{}"{} data-storyshop-title="{}"></div>'
        '<script src="{}" async></script>',
        product_id,
        via,
        title,
        root_url + reverse("commerce:embed_loader"),
    )


def iframe_html(src: str, title: str, width: int, height: int) -> str:
    """The iframe of a product card, as oEmbed's `html`."""
    return format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy" '
        'style="border:0;max-width:100%"></iframe>',
        src,
        title,
        width,
        height,
    )


def parse_max_dimension(value: str | None) -> int | None:
    """An oEmbed `maxwidth`/`maxheight` as a positive integer, None when absent.

    Raises:
        ValueError: for anything but a positive ASCII number (oEmbed answers 400).
    """
    if value is None or value == "":
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 6 or int(value) == 0:
        raise ValueError(f"not a positive number of pixels: {value!r}")
    return int(value)


def clamp_size(max_width: int | None, max_height: int | None) -> tuple[int, int]:
    """The card's (width, height), no larger than what the consumer allows."""
    width = min(EMBED_WIDTH, max_width) if max_width else EMBED_WIDTH
    height = min(EMBED_HEIGHT, max_height) if max_height else EMBED_HEIGHT
    return width, height


def is_own_host(host: str, own_hosts: set[str], allowed_hosts: list[str]) -> bool:
    """True when `host` (a URL's host name) is one of this site's and an allowed host."""
    domain = host.lower().rstrip(".")
    return bool(domain) and domain in own_hosts and validate_host(domain, allowed_hosts)


def product_page_address(url: str, own_hosts: set[str], allowed_hosts: list[str]) -> str:
    """Check that `url` is an absolute http(s) URL on one of this site's hosts; its path.

    Raises:
        EmbedNotFound: for anything else.
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError as error:
        raise EmbedNotFound(str(error)) from error
    if parts.scheme not in ("http", "https") or not is_own_host(host, own_hosts, allowed_hosts):
        raise EmbedNotFound(f"not a URL of this site: {url!r}")
    return unquote(parts.path)


def resolve_product_url(
    url: str, own_hosts: set[str], allowed_hosts: list[str]
) -> ProductPageAddress:
    """The product (slug) and `via` named by a product page URL of this site.

    Raises:
        EmbedNotFound: for a foreign host, another page, or a URL that is not one.
    """
    path = product_page_address(url, own_hosts, allowed_hosts)
    try:
        match = resolve(path or "/")
    except Resolver404 as error:
        raise EmbedNotFound(f"no page at {path!r}") from error
    if match.view_name != _PRODUCT_URL_NAME:
        raise EmbedNotFound(f"not a product page: {path!r}")
    via = parse_qs(urlsplit(url.strip()).query).get(VIA_PARAMETER, [None])[0]
    return ProductPageAddress(slug=match.kwargs["slug"], via=via)


def host_names(*hosts: str) -> set[str]:
    """The host names (without ports, lower case) of `hosts` such as "shop.example:8000"."""
    return {split_domain_port(host)[0] or host.lower() for host in hosts if host}
