"""Template helpers for discovery: JSON-LD output and a product page's share and search tags."""

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from content.seo import absolute, product_structured_data, share_image_url
from content.sharing import VIA_PARAMETER, share_links

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
    via = request.GET.get(VIA_PARAMETER, "") if request is not None else ""
    return {
        "meta": {
            "title": product.name,
            "description": product_structured_data(product, request)["description"][:300],
            "canonical_url": url,
            "image_url": share_image_url(request, product.image),
            "og_type": "product",
        },
        "structured_data": [product_structured_data(product, request)],
        "share_links": share_links(url, product.name, int(via) if via.isdigit() else None),
    }
