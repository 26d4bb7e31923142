"""What search engines and social networks read: meta tags and schema.org JSON-LD."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Page

from content.renditions import SHARE_CARD
from storyshop.links import absolute


def share_image_url(request: HttpRequest | None, image: Any) -> str:
    """The absolute URL of the image's share-card rendition (1200x630), or "" without one."""
    if image is None:
        return ""
    return absolute(request, get_rendition_or_not_found(image, SHARE_CARD).url)


def page_meta(
    page: Page, request: HttpRequest | None, image: Any = None, kind: str = "website"
) -> dict[str, str]:
    """Title, description, canonical URL and share image of a page, for meta tags."""
    return {
        "title": page.seo_title or page.title,
        "description": page.search_description or getattr(page, "intro", ""),
        "canonical_url": page.get_full_url(request) or "",
        "image_url": share_image_url(request, image),
        "og_type": kind,
    }


def route_meta(
    page: Page,
    request: HttpRequest | None,
    route: str,
    *,
    title: str,
    description: str,
    image: Any = None,
    kind: str = "website",
) -> dict[str, str]:
    """Meta tags of a page's sub-route (`/tags/coffee/`): `route` is its reversed subpage path."""
    return {
        "title": title,
        "description": description,
        "canonical_url": (page.get_full_url(request) or "") + route.lstrip("/"),
        "image_url": share_image_url(request, image),
        "og_type": kind,
    }


def _person_or_organisation(creator: Any, site_name: str) -> dict[str, str]:
    if creator is None:
        return {"@type": "Organization", "name": site_name}
    return {"@type": "Person", "name": creator.name}


def story_structured_data(
    page: Page, meta: dict[str, str], creator: Any, site_name: str
) -> dict[str, Any]:
    """schema.org Article for a story (HowTo for a tutorial, with its supplies and steps)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "description": meta["description"],
        "datePublished": page.date.isoformat(),
        "url": meta["canonical_url"],
        "author": _person_or_organisation(creator, site_name),
        "publisher": {"@type": "Organization", "name": site_name},
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if meta["image_url"]:
        data["image"] = meta["image_url"]
    return data


def howto_structured_data(
    page: Page, meta: dict[str, str], products: dict[int, Any]
) -> dict[str, Any]:
    """schema.org HowTo for a tutorial: total time, supplies (its materials) and its steps."""
    supplies = [
        {"@type": "HowToSupply", "name": products[block.value["product"]].name}
        for block in page.materials
        if block.value["product"] in products
    ]
    steps = [
        {
            "@type": "HowToStep",
            "position": position,
            "name": block.value["title"],
            "text": block.value["text"].source and _plain(block.value["text"].source),
        }
        for position, block in enumerate(page.steps, start=1)
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": page.title,
        "description": meta["description"],
        "totalTime": f"PT{page.duration_minutes}M",
        "supply": supplies,
        "step": steps,
        "url": meta["canonical_url"],
    }
    if meta["image_url"]:
        data["image"] = meta["image_url"]
    return data


def _plain(html: str) -> str:
    from django.utils.html import strip_tags

    return " ".join(strip_tags(html).split())


AVAILABILITY = {
    "in_stock": "https://schema.org/InStock",
    "low_stock": "https://schema.org/LimitedAvailability",
    "sold_out": "https://schema.org/OutOfStock",
}


def product_structured_data(
    product: Any, request: HttpRequest | None, reviews: Any = ()
) -> dict[str, Any]:
    """schema.org Product with an Offer (its lowest price, currency and availability), its
    published rating (from `for_cards()`) and the published `reviews` the page shows."""
    url = absolute(request, product.get_absolute_url())
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": _plain(product.description),
        "url": url,
        "offers": {
            "@type": "Offer",
            "price": f"{product.price_from:f}",
            "priceCurrency": product.currency,
            "availability": AVAILABILITY[str(product.stock_status)],
            "url": url,
        },
    }
    skus = [variant.sku for variant in product.sellable_variants]
    if len(skus) == 1:
        data["sku"] = skus[0]
    if product.image:
        data["image"] = share_image_url(request, product.image)
    if getattr(product, "review_count", 0):
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": f"{product.rating_average:.1f}",
            "reviewCount": product.review_count,
        }
    if reviews:
        data["review"] = [review_structured_data(review) for review in reviews]
    return data


def review_structured_data(review: Any) -> dict[str, Any]:
    """schema.org Review of a published product review."""
    data: dict[str, Any] = {
        "@type": "Review",
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": review.rating,
            "bestRating": 5,
            "worstRating": 1,
        },
        "author": {"@type": "Person", "name": review.author_name},
        "datePublished": timezone.localtime(review.created_at).date().isoformat(),
        "reviewBody": review.body,
    }
    if review.title:
        data["name"] = review.title
    return data
