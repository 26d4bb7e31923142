"""Everything a story page renders, loaded in a fixed number of queries."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from wagtail.models import Site

from content import page_images, page_products
from content.page_products import load_products
from content.queries import creator_page_url, related_stories, site_page, tag_links
from content.seo import howto_structured_data, page_meta, story_structured_data
from content.sharing import share_links
from content.stream_references import collect_references


def story_context(page: Any, request: HttpRequest | None) -> dict[str, Any]:
    """The context of a story page: its products and images in one batch each, and the rest.

    Products (chosen or by tag) cost one query plus the fixed prefetches of `for_cards()`;
    pictures (hero, creator avatar and every image block) one query plus one for renditions;
    whatever the number and mix of blocks.
    """
    streams = [getattr(page, name) for name in page.story_stream_fields]
    references = collect_references(streams)
    products, tagged = load_products(references.product_ids, references.product_tags)
    creator = page.creator
    images = page_images.load_images(
        [page.hero_image_id, creator.avatar_id if creator else None, *references.image_ids]
    )
    hero_image = images.get(page.hero_image_id)
    tags = list(page.tags.all())
    site = Site.find_for_request(request) if request is not None else None
    site_name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    meta = page_meta(page, request, hero_image, kind="article")
    structured_data = [story_structured_data(page, meta, creator, site_name)]
    if page.is_howto:
        structured_data.append(howto_structured_data(page, meta, products))
    creator_index = site_page(page, "CreatorIndexPage") if creator else None
    return {
        page_products.CONTEXT_KEY: products,
        page_products.TAGGED_CONTEXT_KEY: tagged,
        page_images.CONTEXT_KEY: images,
        "hero_image": hero_image,
        "creator": creator,
        "creator_avatar": images.get(creator.avatar_id) if creator else None,
        "creator_url": creator_page_url(creator_index, creator),
        "tag_links": tag_links(page, tags),
        "related_stories": related_stories(page, tags),
        "meta": meta,
        "structured_data": structured_data,
        "share_links": share_links(meta["canonical_url"], page.title, page.pk),
        # Product links in the blocks name the story (`?via=`), so a sale is credited to it.
        "via_page_id": page.pk,
    }
