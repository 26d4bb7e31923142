"""Create the demo content; each step looks for what exists first, so reruns change nothing."""

import io
import secrets
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from commerce.catalogue.models import Product, ProductVariant
from content.models import ArticleIndexPage, ArticlePage
from storyshop.demo.data import PRODUCTS, STORIES, DemoProduct, DemoStory
from storyshop.demo.pictures import draw_picture
from storyshop.demo.story_loader import load_story_demo
from storyshop.home.models import HomePage

ADMIN_USERNAME = "admin"
SITE_TITLE = "Storyshop"
SITE_INTRO = (
    "Stories from Indonesia's independent roasters, batik makers and skincare brands, "
    "and the things they make, one click away."
)


@dataclass
class DemoReport:
    """What a run created, and how to log in."""

    created: list[str] = field(default_factory=list)
    admin_password: str | None = None


def _picture(title: str, style: str, seed: int, size: tuple[int, int]):
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    content = ImageFile(io.BytesIO(draw_picture(style, title, seed, size)), name=f"demo-{seed}.jpg")
    return Image.objects.create(title=title, file=content)


def ensure_admin(credentials_file: Path, report: DemoReport) -> AbstractUser:
    """Create the demo superuser with a random password, saved to `credentials_file`."""
    User = get_user_model()
    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    if admin:
        if credentials_file.exists():
            report.admin_password = credentials_file.read_text().strip()
        return admin
    password = secrets.token_urlsafe(12)
    admin = User.objects.create_superuser(ADMIN_USERNAME, "admin@example.com", password)
    credentials_file.parent.mkdir(parents=True, exist_ok=True)
    credentials_file.write_text(password + "\n")
    credentials_file.chmod(0o600)
    report.admin_password = password
    report.created.append(f"admin user {ADMIN_USERNAME!r}")
    return admin


def ensure_home(report: DemoReport) -> HomePage:
    """Return the default site's home page, giving a fresh one the demo's title and intro."""
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title=SITE_TITLE, slug="storyshop")
        )
        site.root_page = home
        site.save()
        report.created.append("home page")
    if not home.intro:
        home.title = SITE_TITLE
        home.intro = SITE_INTRO
        home.save_revision().publish()
        if site.site_name != SITE_TITLE:
            site.site_name = SITE_TITLE
            site.save()
        report.created.append("home page introduction")
    return home


# What Wagtail's migration gives the default Site: canonical URLs would say http://localhost/.
MIGRATION_SITE_ADDRESS = ("localhost", 80)


def ensure_site_address(report: DemoReport) -> None:
    """Give the default Site the host and port of WAGTAILADMIN_BASE_URL (`make run` sets it).

    Only a Site still at the migration's localhost:80 is changed, so an address set by hand
    stays, and a rerun changes nothing.
    """
    site = Site.objects.get(is_default_site=True)
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    address = (base.hostname or "", base.port or (443 if base.scheme == "https" else 80))
    if (site.hostname, site.port) != MIGRATION_SITE_ADDRESS or not address[0]:
        return
    if address != MIGRATION_SITE_ADDRESS:
        site.hostname, site.port = address
        site.save()
        report.created.append(f"site address {site.root_url}")


def ensure_product(item: DemoProduct, seed: int, report: DemoReport) -> Product:
    """Return the product with the item's slug, creating it with a generated picture."""
    product = Product.objects.filter(slug=item.slug).first()
    if product:
        return product
    product = Product(
        name=item.name,
        slug=item.slug,
        price=item.price,
        description=item.description,
        image=_picture(item.name, item.style, seed, (1200, 900)),
        variants=[
            ProductVariant(
                name=variant.name,
                sku=variant.sku,
                stock=variant.stock,
                price_override=variant.price,
                size=variant.size,
                colour=variant.colour,
            )
            for variant in item.variants
        ],
    )
    product.tags.add(*item.tags)
    product.save()
    report.created.append(f"product {item.slug}")
    return product


def _story_body(story: DemoStory, products: dict[str, Product]) -> list[dict]:
    body = []
    for kind, *rest in story.body:
        if kind == "text":
            body.append({"type": "paragraph", "value": rest[0]})
        else:
            slug, note = rest
            body.append(
                {"type": "product_card", "value": {"product": products[slug].pk, "note": note}}
            )
    return body


def ensure_story(
    index: ArticleIndexPage,
    story: DemoStory,
    seed: int,
    products: dict[str, Product],
    user,
    report: DemoReport,
) -> ArticlePage:
    """Return the published article with the story's slug, creating it under `index`."""
    existing = ArticlePage.objects.child_of(index).filter(slug=story.slug).first()
    if existing:
        return existing
    article = ArticlePage(
        title=story.title,
        slug=story.slug,
        intro=story.intro,
        date=date.fromisoformat(story.date),
        hero_image=_picture(story.hero_caption, "scene", seed, (1600, 1000)),
        body=_story_body(story, products),
        owner=user,
    )
    article.tags.add(*story.tags)
    index.add_child(instance=article)
    article.save_revision(user=user).publish(user=user)
    report.created.append(f"article {story.slug}")
    return article


def ensure_story_index(home: HomePage, user, report: DemoReport) -> ArticleIndexPage:
    index = ArticleIndexPage.objects.child_of(home).filter(slug="stories").first()
    if index:
        return index
    index = ArticleIndexPage(
        title="Stories",
        slug="stories",
        intro="Everything we have written, newest first.",
        owner=user,
    )
    home.add_child(instance=index)
    index.save_revision(user=user).publish(user=user)
    report.created.append("story index")
    return index


@transaction.atomic
def load_demo(credentials_file: Path) -> DemoReport:
    """Create whatever part of the demo content is missing and return what was created."""
    report = DemoReport()
    admin = ensure_admin(credentials_file, report)
    home = ensure_home(report)
    ensure_site_address(report)
    products = {
        item.slug: ensure_product(item, seed, report) for seed, item in enumerate(PRODUCTS, start=1)
    }
    index = ensure_story_index(home, admin, report)
    for seed, story in enumerate(STORIES, start=100):
        ensure_story(index, story, seed, products, admin, report)
    load_story_demo(home, index, products, _named_picture, admin, report.admin_password, report)
    return report


def _named_picture(title: str, style: str, size: tuple[int, int]):
    """The demo picture called `title`, drawn from a seed derived from the title."""
    return _picture(title, style, zlib.crc32(title.encode()), size)
