"""Listing queries for stories; each returns what a listing renders without more queries."""

from collections.abc import Iterable
from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from commerce.catalogue.models import Product, ProductTag
from content.page_types import page_types, story_page_types
from content.renditions import LISTING_RENDITIONS
from storyshop.creators.models import CreatorProfile

RELATED_STORIES = 3
LATEST_PER_TYPE = 3


def attach_listing_images(stories: Iterable[Page]) -> list[Page]:
    """Give each story its hero image and listing rendition, and its creator (three queries)."""
    stories = list(stories)
    image_ids = {story.hero_image_id for story in stories if story.hero_image_id}
    creator_ids = {story.creator_id for story in stories if story.creator_id}
    images = (
        get_image_model().objects.prefetch_renditions(*LISTING_RENDITIONS).in_bulk(image_ids)
        if image_ids
        else {}
    )
    creators = CreatorProfile.objects.in_bulk(creator_ids) if creator_ids else {}
    for story in stories:
        story.hero_image = images.get(story.hero_image_id)
        story.creator = creators.get(story.creator_id)
    return stories


def live_story(page_id: int | None) -> Any:
    """The live, public story with id `page_id`, as its own type, or None."""
    if not page_id:
        return None
    stories = Page.objects.live().public().type(*story_page_types()).filter(pk=page_id)
    return stories.specific().first()


def live_stories() -> QuerySet:
    """Live, public stories of every type, as Page rows annotated with their `story_date`."""
    story_date = Coalesce(*(F(f"{model._meta.model_name}__date") for model in story_page_types()))
    return (
        Page.objects.live()
        .public()
        .type(*story_page_types())
        .annotate(story_date=story_date)
        .order_by("-story_date", "-pk")
    )


def tagged_with(queryset: QuerySet, tag_slugs: Iterable[str]) -> QuerySet:
    """Filter Page rows to stories (of any type) carrying any of `tag_slugs`."""
    slugs = list(tag_slugs)
    wanted = Q()
    for model in story_page_types():
        through = model._meta.get_field("tags").through
        wanted |= Q(pk__in=through.objects.filter(tag__slug__in=slugs).values("content_object_id"))
    return queryset.filter(wanted)


def by_creator(queryset: QuerySet, creator: CreatorProfile) -> QuerySet:
    """Filter Page rows to stories (of any type) by `creator`."""
    wanted = Q()
    for model in story_page_types():
        wanted |= Q(**{f"{model._meta.model_name}__creator": creator})
    return queryset.filter(wanted)


def story_cards(queryset: Any) -> list[Page]:
    """Return the stories of a Page queryset as their own types, ready for listing cards."""
    return attach_listing_images(queryset.specific())


def paginate_stories(queryset: QuerySet, request: HttpRequest, size: int) -> PaginatorPage:
    """Return the requested page of `queryset`, its stories ready for listing cards."""
    page = paginate(queryset, request, size)
    stories: Any = page.object_list
    # Rows of several story types come as Page rows: load each as its own type.
    page.object_list = attach_listing_images(
        stories.specific() if stories.model is Page else stories
    )
    return page


def latest_stories_by_type(home: Page, limit: int = LATEST_PER_TYPE) -> list[dict[str, Any]]:
    """The newest stories of each type below `home`: one query per type, then their images."""
    sections = []
    for model in story_page_types():
        stories = list(
            model.objects.live().public().descendant_of(home).order_by("-date", "-pk")[:limit]
        )
        if stories:
            sections.append({"label": model.story_type_label, "stories": stories})
    attach_listing_images(story for section in sections for story in section["stories"])
    return sections


def related_stories(page: Page, tags: list[Tag], limit: int = RELATED_STORIES) -> list[Page]:
    """Other live, public stories of the page's site sharing the most tags with it.

    Ranked from the tag tables alone (one query over every story type's tags), newest first
    among equals; then only the winners are loaded, one query per story type among them.
    """
    if not tags:
        return []
    tag_ids = [tag.pk for tag in tags]
    candidates = visible_site_pages(page).exclude(pk=page.pk).values("pk")
    ranked: Any = None
    for kind, model in enumerate(story_page_types()):
        through = model._meta.get_field("tags").through
        shared = (
            through.objects.filter(tag_id__in=tag_ids, content_object_id__in=candidates)
            .values("content_object_id")
            .annotate(
                shared=Count("tag_id"), story_date=F("content_object__date"), kind=Value(kind)
            )
            .values_list("content_object_id", "shared", "story_date", "kind")
        )
        ranked = shared if ranked is None else ranked.union(shared, all=True)
    winners = list(ranked.order_by("-shared", "-story_date", "-content_object_id")[:limit])
    loaded: dict[int, Page] = {}
    for kind, model in enumerate(story_page_types()):
        ids = [story_id for story_id, _shared, _date, of_kind in winners if of_kind == kind]
        if ids:
            loaded.update(model.objects.in_bulk(ids))
    return attach_listing_images(loaded[story_id] for story_id, *_rest in winners)


def tag_links(page: Page, tags: list[Tag]) -> list[dict[str, str]]:
    """Each tag's name and the URL of its tag page (when the site has one).

    A tag whose name has no letters or digits ("🙂", "!!!") has an empty slug and no page: it is
    left out.
    """
    tags = [tag for tag in tags if tag.slug]
    if not tags:
        return []
    tag_index = site_page(page, page_types().tag_index)
    return [{"name": tag.name, "url": tag_page_url(tag_index, tag.slug)} for tag in tags]


def tag_page_url(tag_index: Any, slug: str) -> str:
    """The URL of a tag's page below the site's tag index, or "" without one."""
    if tag_index is None or not slug:
        return ""
    return tag_index.url + tag_index.reverse_subpage("tag", args=[slug])


def site_root_path(page: Page) -> str:
    # The site roots are cached by Wagtail, so this costs no query once warm.
    root_paths = [path.root_path for path in Site.get_site_root_paths()]
    return max((p for p in root_paths if page.url_path.startswith(p)), key=len, default="/")


def site_stories(page: Page) -> QuerySet:
    """The live, public stories of every type of the site `page` belongs to (`live_stories`)."""
    return live_stories().filter(url_path__startswith=site_root_path(page))


def path_below_site(page: Page) -> str:
    """The page's path below its site's root, e.g. "stories/" for /home/stories/."""
    return page.url_path.removeprefix(site_root_path(page))


def site_page(page: Page, model: type[Page]) -> Any:
    """The live page of type `model` (the tag or creator index) of `page`'s site, or None."""
    return model.objects.live().filter(url_path__startswith=site_root_path(page)).first()


def creator_page_url(creator_index: Any, creator: CreatorProfile | None) -> str:
    """The URL of the creator's page below the site's creator index, or "" without one."""
    if creator_index is None or creator is None:
        return ""
    return creator_index.url + creator_index.reverse_subpage("creator", args=[creator.slug])


def tag_cloud(page: Page) -> QuerySet:
    """Tags carried by a live, public story of `page`'s site or by a visible product, by name.

    Tags with an empty slug (a name without letters or digits, e.g. "🙂") have no page: left out.
    """
    visible_products = Product.objects.visible().values("pk")
    used = Q(pk__in=ProductTag.objects.filter(content_object__in=visible_products).values("tag_id"))
    stories = visible_site_pages(page).values("pk")
    for model in story_page_types():
        through = model._meta.get_field("tags").through
        used |= Q(pk__in=through.objects.filter(content_object_id__in=stories).values("tag_id"))
    return Tag.objects.filter(used).exclude(slug="").order_by("name", "pk")


def visible_site_pages(page: Page) -> QuerySet:
    """The live, public pages of the site `page` belongs to."""
    return Page.objects.live().public().filter(url_path__startswith=site_root_path(page))


def paginate(items: Any, request: HttpRequest, size: int) -> PaginatorPage:
    """The requested page of `items` (`?page=`), `size` to a page."""
    return Paginator(items, size).get_page(request.GET.get("page"))
