"""Everything a story page renders, loaded in a fixed number of queries."""

from typing import Any

from django.http import HttpRequest

from content import page_images, page_products
from content.listings import creator_page_url, related_stories, site_page, tag_links
from content.page_types import page_types
from content.seo import howto_structured_data, page_meta, story_structured_data
from content.sharing import share_links
from content.stream_references import collect_references
from storyshop.links import site_name


def story_context(page: Any, request: HttpRequest | None) -> dict[str, Any]:
    """The context of a story page: its products and images in one batch each, and the rest.

    Products (chosen or by tag) cost one query plus the fixed prefetches of `for_cards()`;
    pictures (hero, creator avatar and every image block) one query plus one for renditions;
    whatever the number and mix of blocks.
    """
    streams = [getattr(page, name) for name in page.story_stream_fields]
    references = collect_references(streams)
    batch = page_products.products_context(references)
    creator = page.creator
    images = page_images.load_images(
        [page.hero_image_id, creator.avatar_id if creator else None, *references.image_ids]
    )
    hero_image = images.get(page.hero_image_id)
    tags = list(page.tags.all())
    meta = page_meta(page, request, hero_image, kind="article")
    structured_data = [story_structured_data(page, meta, creator, site_name(request))]
    if page.is_howto:
        structured_data.append(howto_structured_data(page, meta, batch[page_products.CONTEXT_KEY]))
    creator_index = site_page(page, page_types().creator_index) if creator else None
    return {
        **batch,
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
