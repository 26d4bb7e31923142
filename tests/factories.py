"""Factories for the objects tests need; pages are built through Wagtail's own tree API."""

from decimal import Decimal

import factory
from django.conf import settings
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from commerce.catalogue.models import Product, ProductVariant
from content.models import (
    ArticleIndexPage,
    ArticlePage,
    CreatorIndexPage,
    CreatorPostIndexPage,
    CreatorPostPage,
    TagIndexPage,
    TutorialIndexPage,
    TutorialPage,
)
from storyshop.creators.models import CreatorProfile


class ImageFactory(DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Picture {n}")
    file = factory.django.ImageField(width=64, height=48, color="orange")


class ProductVariantFactory(DjangoModelFactory):
    class Meta:
        model = ProductVariant

    product = None
    name = ""
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    stock = 10


class ProductFactory(DjangoModelFactory):
    """A product sold as one variant; `stock` and `sku` go to that variant."""

    class Meta:
        model = Product
        skip_postgeneration_save = True

    class Params:
        stock = 10
        sku = factory.Sequence(lambda n: f"SKU-P{n:05d}")

    name = factory.Sequence(lambda n: f"Kopi Lot {n}")
    slug = factory.LazyAttribute(lambda product: slugify(product.name))
    price = Decimal("125000.00")
    currency = factory.LazyFunction(lambda: settings.STORYSHOP_CURRENCY)
    image = factory.SubFactory(ImageFactory)
    variant = factory.RelatedFactory(
        ProductVariantFactory,
        factory_related_name="product",
        stock=factory.SelfAttribute("..stock"),
        sku=factory.SelfAttribute("..sku"),
    )


def home_page() -> Page:
    """The default site's root page (a HomePage, created by the home app's migration)."""
    return Site.objects.get(is_default_site=True).root_page.specific


def publish(parent: Page, page: Page) -> Page:
    """Add `page` below `parent` and publish it through a revision, as an editor would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def article_index(parent: Page | None = None, **fields) -> ArticleIndexPage:
    fields.setdefault("title", "Stories")
    fields.setdefault("slug", slugify(fields["title"]))
    return publish(parent or home_page(), ArticleIndexPage(**fields))


def product_cards(products: list[Product]) -> list[dict]:
    """StreamField data with one product card per product."""
    return [{"type": "product_card", "value": {"product": p.pk, "note": ""}} for p in products]


def article(index: ArticleIndexPage, body: list[dict] | None = None, **fields) -> ArticlePage:
    fields.setdefault("title", "A story")
    fields.setdefault("slug", slugify(fields["title"]))
    fields.setdefault("intro", "An introduction.")
    return publish(index, ArticlePage(body=body or [], **fields))


# Stories of every type, creators and the discovery pages (content branch).


class CreatorProfileFactory(DjangoModelFactory):
    class Meta:
        model = CreatorProfile

    name = factory.Sequence(lambda n: f"Creator {n}")
    slug = factory.LazyAttribute(lambda creator: slugify(creator.name))
    bio = "Roasts coffee in Takengon."


def tutorial_index(parent: Page | None = None, **fields) -> TutorialIndexPage:
    fields.setdefault("title", "Tutorials")
    fields.setdefault("slug", slugify(fields["title"]))
    return publish(parent or home_page(), TutorialIndexPage(**fields))


def creator_post_index(parent: Page | None = None, **fields) -> CreatorPostIndexPage:
    fields.setdefault("title", "Creators' posts")
    fields.setdefault("slug", "posts")
    return publish(parent or home_page(), CreatorPostIndexPage(**fields))


def tag_index(parent: Page | None = None) -> TagIndexPage:
    return publish(parent or home_page(), TagIndexPage(title="Tags", slug="tags"))


def creator_index(parent: Page | None = None) -> CreatorIndexPage:
    return publish(parent or home_page(), CreatorIndexPage(title="Creators", slug="creators"))


def steps(*titles: str, products: list[Product] = (), image=None) -> list[dict]:
    """StreamField data for tutorial steps, the products and image in each."""
    return [
        {
            "type": "step",
            "value": {
                "title": title,
                "text": f"<p>Do {title.lower()}.</p>",
                "image": image.pk if image else None,
                "products": [product.pk for product in products],
            },
        }
        for title in titles
    ]


def materials(products: list[Product]) -> list[dict]:
    """StreamField data for a tutorial's materials, one per product."""
    return [{"type": "material", "value": {"product": p.pk, "amount": "1"}} for p in products]


def tutorial(index: TutorialIndexPage, **fields) -> TutorialPage:
    fields.setdefault("title", "A tutorial")
    fields.setdefault("slug", slugify(fields["title"]))
    fields.setdefault("intro", "Learn it step by step.")
    fields.setdefault("duration_minutes", 30)
    fields.setdefault("steps", steps("First step"))
    return publish(index, TutorialPage(**fields))


def creator_post(index: CreatorPostIndexPage, **fields) -> CreatorPostPage:
    fields.setdefault("title", "A post")
    fields.setdefault("slug", slugify(fields["title"]))
    fields.setdefault("intro", "A short post.")
    return publish(index, CreatorPostPage(**fields))


def cached_video(url: str = "https://www.youtube.com/watch?v=demo") -> str:
    """Store the embed of a video, as Wagtail's finder would, so pages render it offline."""
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    Embed.objects.get_or_create(
        hash=get_embed_hash(url, 960),
        defaults={
            "url": url,
            "max_width": 960,
            "type": "video",
            "html": f'<iframe class="test-video" src="{url}"></iframe>',
        },
    )
    return url


def every_block(products: list[Product], image, tag: str = "coffee") -> list[dict]:
    """StreamField data with one block of every kind a story body offers."""
    first, second = products[:2]
    return [
        {"type": "paragraph", "value": "<p>Coffee dries on raised beds.</p>"},
        {
            "type": "image",
            "value": {"image": image.pk, "decorative": False, "alt_text": "Beds", "caption": "Sun"},
        },
        {"type": "video", "value": {"video": cached_video(), "caption": "The harvest"}},
        {"type": "quote", "value": {"text": "Taste the lake.", "attribution": "Pak Ilham"}},
        {
            "type": "call_to_action",
            "value": {
                "heading": "Visit the farm",
                "text": "",
                "button_label": "Book",
                "page": None,
                "url": "https://example.com/visit",
            },
        },
        {"type": "product_card", "value": {"product": first.pk, "note": "Our pick"}},
        {
            "type": "product_carousel",
            "value": {
                "heading": "Picked",
                "source": "picked",
                "products": [p.pk for p in products],
                "tag": "",
                "limit": 6,
            },
        },
        {
            "type": "product_carousel",
            "value": {"heading": "By tag", "source": "tag", "products": [], "tag": tag, "limit": 6},
        },
        {
            "type": "shoppable_image",
            "value": {
                "image": image.pk,
                "alt_text": "A table",
                "caption": "",
                "hotspots": [
                    {"product": first.pk, "x": 25.5, "y": 40, "label": "The beans"},
                    {"product": second.pk, "x": 70, "y": 60, "label": ""},
                ],
            },
        },
        {
            "type": "shop_the_look",
            "value": {
                "heading": "Shop the look",
                "image": image.pk,
                "alt_text": "A look",
                "products": [p.pk for p in products],
            },
        },
        {"type": "buy_now", "value": {"product": second.pk, "label": "Buy the beans"}},
    ]
