"""Template helpers for discovery: JSON-LD output, a product page's meta tags and share links,
and product links that name the story they are shown in."""

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from content.seo import product_structured_data, share_image_url
from content.sharing import share_links
from storyshop.links import absolute, with_via
from storyshop.links import site_name as site_name_for

register = template.Library()

# The characters that could end a <script> element or start markup, escaped as in json_script.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data: Any) -> SafeString:
    """`{{ data|jsonld }}`: `data` as JSON safe inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES))


@register.inclusion_tag("content/includes/seo_head.html", takes_context=True)
def product_seo(context: template.Context, product: Any, reviews: Any = ()) -> dict[str, Any]:
    """Canonical URL, Open Graph and Twitter tags and Product JSON-LD of a product page,
    with the published `reviews` it shows."""
    request = context.get("request")
    structured_data = product_structured_data(product, request, reviews)
    return {
        "meta": {
            "title": product.name,
            "description": structured_data["description"][:300],
            "canonical_url": structured_data["url"],
            "image_url": share_image_url(request, product.image),
            "og_type": "product",
        },
        "structured_data": [structured_data],
        "request": request,
    }


@register.inclusion_tag("content/includes/share_links.html", takes_context=True)
def product_share_links(context: template.Context, product: Any) -> dict[str, Any]:
    """The share links of a product page, in the page itself (they work without JavaScript).

    A reader who came from a story (`via_story`, checked by the product page) shares a link
    that keeps crediting it.
    """
    request = context.get("request")
    story = context.get("via_story")
    url = absolute(request, product.get_absolute_url())
    return {"share_links": share_links(url, product.name, story.pk if story else None)}


@register.simple_tag(takes_context=True)
def product_url(context: template.Context, product: Any) -> str:
    """`{% product_url product %}`: its page, naming the story it is shown in (`via_page_id`)."""
    return with_via(product.get_absolute_url(), context.get("via_page_id"))


@register.simple_tag(takes_context=True)
def site_name(context: template.Context) -> str:
    """`{% site_name %}`: the name of the request's Wagtail Site (WAGTAIL_SITE_NAME without)."""
    return site_name_for(context.get("request"))
