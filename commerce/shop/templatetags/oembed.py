"""`{% oembed_discovery_url product %}`: where oEmbed consumers ask about a product page."""

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from storyshop.links import absolute, with_via

register = template.Library()


@register.simple_tag(takes_context=True)
def oembed_discovery_url(context: template.Context, product: Any) -> str:
    """The oEmbed URL of `product`'s page, naming the story it was reached from (`via_story`)."""
    request = context.get("request")
    story = context.get("via_story")
    page_url = absolute(request, with_via(product.get_absolute_url(), story.pk if story else None))
    query = urlencode({"url": page_url, "format": "json"})
    return f"{absolute(request, reverse('commerce:oembed'))}?{query}"
