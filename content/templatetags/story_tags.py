"""Template helpers for discovery: JSON-LD output and a product page's share and search tags."""

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from content.seo import absolute, product_structured_data, share_image_url
from content.sharing import share_links, with_via

register = template.Library()

# The characters that could end a <script> element or start markup, escaped as in json_script.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data: Any) -> SafeString:
    """`{{ data|jsonld }}`: `data` as JSON safe inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES))


@register.inclusion_tag("content/includes/product_seo.html", takes_context=True)
def product_seo(context: template.Context, product: Any) -> dict[str, Any]:
    """Canonical URL, Open Graph and Twitter tags, Product JSON-LD and share links of a product."""
    request = context.get("request")
    url = absolute(request, product.get_absolute_url())
    # The story the reader came from (`via_story`, checked by the product page): shares of
    # this page keep crediting it.
    story = context.get("via_story")
    return {
        "meta": {
            "title": product.name,
            "description": product_structured_data(product, request)["description"][:300],
            "canonical_url": url,
            "image_url": share_image_url(request, product.image),
            "og_type": "product",
        },
        "structured_data": [product_structured_data(product, request)],
        "share_links": share_links(url, product.name, story.pk if story else None),
    }


@register.simple_tag(takes_context=True)
def product_url(context: template.Context, product: Any) -> str:
    """`{% product_url product %}`: its page, naming the story it is shown in (`via_page_id`)."""
    return with_via(product.get_absolute_url(), context.get("via_page_id"))
