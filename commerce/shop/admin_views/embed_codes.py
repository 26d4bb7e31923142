""" "Embed code" in the Wagtail admin: the widget snippets of the products a creator features.

Each snippet credits the story that features the product (`data-storyshop-via`), so a sale from
a creator's own site is attributed exactly as one from the story itself. A creator sees their
own live stories; editors pick any creator with `?creator=<slug>`.
"""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import path
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from commerce.shop.widgets import embed_snippet
from content.listings import by_creator, live_stories
from content.page_products import load_products
from content.storefront import products_featured_in
from storyshop.creators.models import CreatorProfile
from storyshop.creators.permissions import (
    creator_for_request,
    own_creator_profile,
    writes_only_as_themself,
)
from storyshop.links import site_root_url

# The newest live stories listed; older ones are rarely re-shared.
STORIES_LISTED = 50


@dataclass(frozen=True)
class ProductEmbed:
    product: Any
    snippet: str


@dataclass(frozen=True)
class StoryEmbeds:
    story: Any
    url: str
    embeds: list[ProductEmbed]


def is_editor(user: Any) -> bool:
    """True for editors (and superusers), who may credit and so embed for any creator."""
    return not writes_only_as_themself(user)


def creator_embeds(request: HttpRequest, creator: CreatorProfile) -> list[StoryEmbeds]:
    """The creator's newest live stories, each with the snippets of the products it features.

    A fixed number of queries: the stories, the products they feature (Wagtail's reference
    index), then the products themselves in one batch.
    """
    stories = list(by_creator(live_stories(), creator)[:STORIES_LISTED])
    pairs = products_featured_in([story.pk for story in stories])
    products = load_products(sorted({product_id for _story, product_id in pairs}))[0]
    featured: dict[int, list[Any]] = {}
    for story_id, product_id in sorted(pairs):
        if product_id in products:
            featured.setdefault(story_id, []).append(products[product_id])
    root_url = site_root_url(request)
    return [
        StoryEmbeds(
            story=story,
            url=story.get_full_url(request) or "",
            embeds=[
                ProductEmbed(product, embed_snippet(root_url, product.pk, story.pk, product.name))
                for product in sorted(featured[story.pk], key=lambda product: product.name)
            ],
        )
        for story in stories
        if story.pk in featured
    ]


class EmbedCodesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "commerce/admin/embed_codes.html"
    page_title = "Embed code"
    header_icon = "code"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        request: HttpRequest = self.request
        editor = is_editor(request.user)
        slug = request.GET.get("creator", "").strip()
        creator = creator_for_request(request.user, slug, may_pick_any=editor)
        context.update(
            creator=creator,
            stories=creator_embeds(request, creator) if creator else None,
            creators=list(CreatorProfile.objects.only("name", "slug")) if editor else None,
        )
        return context


class EmbedCodesMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return is_editor(request.user) or own_creator_profile(request.user) is not None


class EmbedCodesViewSet(ViewSet):
    name = "embed-codes"
    icon = "code"
    menu_label = "Embed code"
    menu_order = 170
    add_to_admin_menu = True
    menu_item_class = EmbedCodesMenuItem

    def get_urlpatterns(self) -> list[Any]:
        return [path("", EmbedCodesView.as_view(), name="index")]
