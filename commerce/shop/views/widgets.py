"""Creator widgets: the framable product card, its loader script and the oEmbed endpoint.

These answers are the same for every visitor, so they never read the session or set a cookie,
and they are cacheable for `EMBED_CACHE_SECONDS` (price and stock may be that old).
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.csp import build_policy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Site

from commerce.catalogue.models import Product
from commerce.catalogue.models.products import CARD_RENDITIONS
from commerce.shop.services.attribution import linked_story, referral_code
from commerce.shop.widgets import (
    EMBED_CACHE_SECONDS,
    LOADER_CACHE_SECONDS,
    EmbedNotFound,
    buy_link,
    clamp_size,
    embed_path,
    host_names,
    iframe_html,
    parse_max_dimension,
    resolve_product_url,
)
from storyshop.links import VIA_PARAMETER, absolute, site_name, site_root_url


def _cacheable(response: HttpResponse, seconds: int) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=seconds)
    return response


@require_safe
@xframe_options_exempt
def product_card(request: HttpRequest, product_id: int) -> HttpResponse:
    """A product's card for framing on any site; with `?via=` naming a live story that features
    the product, its link credits that story, and with `?ref=` naming a live creator, that
    creator (anything else in them is dropped)."""
    product = Product.objects.visible().for_cards().filter(pk=product_id).first()
    if product is None:
        response: HttpResponse = TemplateResponse(
            request,
            "commerce/embed/unavailable.html",
            {"site_name": site_name(request), "shop_url": site_root_url(request) + "/"},
            status=404,
        )
    else:
        story = linked_story(product, request.GET)
        product_url = absolute(request, product.get_absolute_url())
        referral = referral_code(request.GET)
        context = {
            "product": product,
            "story": story,
            "buy_url": buy_link(product_url, story.pk if story else None, referral),
            "site_name": site_name(request),
        }
        response = TemplateResponse(request, "commerce/embed/product_card.html", context)
    # Only this answer may be framed, by any site; every other page keeps X-Frame-Options. One
    # header: the site's policy with that directive widened (the middleware leaves it be).
    policy = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}
    response["Content-Security-Policy"] = build_policy(policy)
    return _cacheable(response, EMBED_CACHE_SECONDS)


@require_safe
def loader(request: HttpRequest) -> HttpResponse:
    """The script that turns `<div data-storyshop-product>` placeholders into card iframes."""
    response = HttpResponse(
        render_to_string("commerce/embed/loader.js"),
        content_type="text/javascript; charset=utf-8",
    )
    return _cacheable(response, LOADER_CACHE_SECONDS)


def _own_hosts(request: HttpRequest) -> set[str]:
    """This site's host names: its Wagtail Sites' and the one the request came in on."""
    return host_names(request.get_host(), *Site.objects.values_list("hostname", flat=True))


def _oembed_error(status: int, message: str) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


@require_safe
def oembed(request: HttpRequest) -> HttpResponse:
    """oEmbed 1.0 (https://oembed.com) for product pages: a "rich" answer with the card iframe.

    Only this site's own product URLs resolve; nothing is ever fetched. 400 for a missing `url`
    or a bad maxwidth/maxheight, 404 for a URL with no embed, 501 for a format other than JSON.
    """
    if (request.GET.get("format") or "json") != "json":
        return _oembed_error(501, "Only format=json is supported.")
    try:
        max_width = parse_max_dimension(request.GET.get("maxwidth"))
        max_height = parse_max_dimension(request.GET.get("maxheight"))
    except ValueError as error:
        return _oembed_error(400, str(error))
    url = request.GET.get("url", "")
    if not url:
        return _oembed_error(400, "The url parameter is required.")
    try:
        address = resolve_product_url(url, _own_hosts(request), settings.ALLOWED_HOSTS)
    except EmbedNotFound:
        return _oembed_error(404, "No embed for this URL.")
    product = Product.objects.visible().for_cards().filter(slug=address.slug).first()
    if product is None:
        return _oembed_error(404, "No embed for this URL.")
    story = linked_story(product, {VIA_PARAMETER: address.via or ""})
    payload = _oembed_payload(request, product, story.pk if story else None, max_width, max_height)
    response = JsonResponse(payload)
    # Public data: let browser-side consumers read it too.
    response["Access-Control-Allow-Origin"] = "*"
    return _cacheable(response, EMBED_CACHE_SECONDS)


def _thumbnail(product: Product) -> Any:
    """The card rendition of the product's picture (prefetched by `for_cards()`), or None."""
    if product.image is None:
        return None
    return get_rendition_or_not_found(product.image, CARD_RENDITIONS[0])


def _fits(thumbnail: Any, max_width: int | None, max_height: int | None) -> bool:
    return thumbnail.width <= (max_width or thumbnail.width) and thumbnail.height <= (
        max_height or thumbnail.height
    )


def _oembed_payload(
    request: HttpRequest,
    product: Product,
    via_page_id: int | None,
    max_width: int | None,
    max_height: int | None,
) -> dict[str, Any]:
    root_url = site_root_url(request)
    name = site_name(request)
    width, height = clamp_size(max_width, max_height)
    title = f"{product.name} at {name}"
    payload: dict[str, Any] = {
        "version": "1.0",
        "type": "rich",
        "provider_name": name,
        "provider_url": root_url + "/",
        "title": product.name,
        "html": iframe_html(root_url + embed_path(product.pk, via_page_id), title, width, height),
        "width": width,
        "height": height,
        "cache_age": EMBED_CACHE_SECONDS,
    }
    # oEmbed: a thumbnail must respect maxwidth/maxheight, so a too large one is left out.
    thumbnail = _thumbnail(product)
    if thumbnail is not None and _fits(thumbnail, max_width, max_height):
        payload["thumbnail_url"] = absolute(request, thumbnail.url)
        payload["thumbnail_width"] = thumbnail.width
        payload["thumbnail_height"] = thumbnail.height
    return payload
