"""A small shop to search: creators, stories (one a draft) and products, some featured."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.text import slugify

from commerce.catalogue.models import Product
from content.models import ArticleIndexPage, ArticlePage
from storyshop.creators.models import CreatorProfile
from tests.factories import ProductFactory, product_cards, publish


def story(
    index: ArticleIndexPage,
    title: str,
    intro: str = "An introduction.",
    *,
    tags: tuple[str, ...] = (),
    creator: CreatorProfile | None = None,
    products: tuple[Product, ...] = (),
    day: date = date(2025, 1, 1),
    live: bool = True,
) -> ArticlePage:
    """A story below `index`, published unless `live` is False (then only a draft is saved)."""
    page = ArticlePage(
        title=title,
        slug=slugify(title),
        intro=intro,
        date=day,
        creator=creator,
        body=product_cards(list(products)),
    )
    page.tags.add(*tags)
    if live:
        return publish(index, page)
    page.live = False
    index.add_child(instance=page)
    page.save_revision()
    return page


def product(name: str, price: str, *, tags: tuple[str, ...] = (), stock: int = 10, **fields):
    item = ProductFactory(name=name, price=Decimal(price), stock=stock, **fields)
    if tags:
        item.tags.add(*tags)
        item.save()
    return item


@dataclass
class Shop:
    ani: CreatorProfile
    budi: CreatorProfile
    shirt: Product
    kopi: Product
    tote: Product
    batik_story: ArticlePage
    kopi_story: ArticlePage


def build_shop(index: ArticleIndexPage) -> Shop:
    """Two creators, two live stories and a draft, three visible products and a hidden one."""
    ani = CreatorProfile.objects.create(name="Ani Batik", slug="ani")
    budi = CreatorProfile.objects.create(name="Budi Roaster", slug="budi")
    shirt = product("Batik Cap Kawung Shirt", "350000", tags=("batik",), stock=10)
    kopi = product("Kopi Gayo 200 g", "85000", tags=("coffee",), stock=0)
    tote = product("Kawung Tote Bag", "45000", tags=("batik",), stock=3)
    product("Retired Kawung Scarf", "99000", tags=("batik",), is_active=False)
    batik_story = story(
        index,
        "Reading batik motifs",
        "A field guide to Kawung and Parang, the oldest motifs of Java.",
        tags=("batik",),
        creator=ani,
        products=(shirt,),
        day=date(2025, 3, 1),
    )
    kopi_story = story(
        index,
        "Kopi Gayo from the highlands",
        "Roasters of Aceh and the beans they grow.",
        tags=("coffee",),
        creator=budi,
        products=(kopi,),
        day=date(2025, 2, 1),
    )
    story(index, "Secret kawung draft", "Not published yet.", tags=("batik",), live=False)
    return Shop(ani, budi, shirt, kopi, tote, batik_story, kopi_story)
