"""The contexts of the tag and creator pages: the tags in use, the creators, one tag's and one
creator's stories and products."""

from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.db.models import Prefetch
from django.http import HttpRequest
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page

from commerce.catalogue.models import Product
from content.listings import (
    by_creator,
    paginate,
    paginate_stories,
    site_stories,
    tag_cloud,
    tagged_with,
)
from content.renditions import AVATAR
from content.seo import page_meta, route_meta
from content.storefront import featured_products
from storyshop.creators.models import CreatorProfile

CREATORS_PAGE_SIZE = 48
TAGS_PAGE_SIZE = 200


def tag_page_context(tag_index: Page, request: HttpRequest, slug: str) -> dict[str, Any] | None:
    """The stories (all types) and products sharing the tag `slug`, or None if nobody uses it."""
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        return None
    on_site = site_stories(tag_index)
    stories = paginate_stories(tagged_with(on_site, [slug]), request, size=12)
    products = list(Product.objects.visible().for_cards().filter(tags__slug=slug)[:24])
    if not stories.object_list and not products:
        return None
    meta = route_meta(
        tag_index,
        request,
        tag_index.reverse_subpage("tag", args=[tag.slug]),
        title=tag.name,
        description=f"Stories and products about {tag.name}.",
    )
    return {"tag": tag, "stories": stories, "products": products, "meta": meta}


def tag_index_context(tag_index: Page, request: HttpRequest) -> dict[str, Any]:
    """The tags in use on the site, a page at a time, and the index's meta tags."""
    tags = paginate(tag_cloud(tag_index), request, TAGS_PAGE_SIZE)
    return {"tags": tags, "meta": page_meta(tag_index, request)}


def creator_index_context(creator_index: Page, request: HttpRequest) -> dict[str, Any]:
    """The creators, a page at a time, and the index's meta tags."""
    return {"creators": creators_with_avatars(request), "meta": page_meta(creator_index, request)}


def creators_with_avatars(request: HttpRequest) -> PaginatorPage:
    """The requested page of published creators, by name, each with their avatar's rendition."""
    images = get_image_model().objects.prefetch_renditions(AVATAR)
    creators = CreatorProfile.objects.live().order_by("name", "pk")
    avatars = Prefetch("avatar", queryset=images)
    return paginate(creators.prefetch_related(avatars), request, CREATORS_PAGE_SIZE)


def creator_page_context(
    creator_index: Page, request: HttpRequest, slug: str
) -> dict[str, Any] | None:
    """One published creator's profile, their stories and the products they feature, or None."""
    creator = CreatorProfile.objects.live().filter(slug=slug).first()
    if creator is None:
        return None
    on_site = site_stories(creator_index)
    stories = by_creator(on_site, creator)
    page = paginate_stories(stories, request, size=12)
    avatar = attach_avatar(creator)
    meta = route_meta(
        creator_index,
        request,
        creator_index.reverse_subpage("creator", args=[creator.slug]),
        title=creator.name,
        description=creator.bio or f"Stories by {creator.name} and the things they make.",
        image=avatar,
        kind="profile",
    )
    return {
        "creator": creator,
        "avatar": avatar,
        "stories": page,
        "storefront": featured_products(stories),
        "meta": meta,
    }


def attach_avatar(creator: CreatorProfile) -> Any:
    """The creator's avatar with its renditions prefetched, or None."""
    if not creator.avatar_id:
        return None
    images = get_image_model().objects.prefetch_renditions(AVATAR)
    return images.filter(pk=creator.avatar_id).first()
