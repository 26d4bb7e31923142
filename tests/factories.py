"""Factories for the objects tests need; pages are built through Wagtail's own tree API."""

from decimal import Decimal

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from commerce.models import Product, ProductVariant
from content.models import ArticleIndexPage, ArticlePage


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
    currency = "IDR"
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
