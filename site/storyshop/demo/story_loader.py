"""The demo's creators, tutorials, creator posts and the pages that gather stories.

Like the rest of the demo, each step looks for what exists first, so reruns change nothing.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page

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
from content.roles import CREATORS_GROUP
from storyshop.creators.models import CreatorProfile
from storyshop.demo.story_bodies import card, showcase_article_body
from storyshop.demo.story_data import CREATORS, DEMO_VIDEO_HTML, DEMO_VIDEO_URL, DemoCreator


def _publish(parent: Page, page: Page, user, report, label: str, editor=None) -> Page:
    """Add `page` written by `user` below `parent`; `editor` (or the author) publishes it."""
    page.owner = user
    parent.add_child(instance=page)
    page.save_revision(user=user).publish(user=editor or user)
    report.created.append(label)
    return page


def ensure_index(home: Page, model: type[Page], slug: str, title: str, intro: str, user, report):
    """Return the page of `model` with `slug` below home, creating and publishing it."""
    existing = model.objects.child_of(home).filter(slug=slug).first()
    if existing:
        return existing
    return _publish(
        home, model(title=title, slug=slug, intro=intro), user, report, f"page /{slug}/"
    )


def ensure_creator(item: DemoCreator, password: str | None, picture, report) -> CreatorProfile:
    """Return the creator profile with the item's slug, with its Creators-group account."""
    profile = CreatorProfile.objects.filter(slug=item.slug).first()
    if profile:
        return profile
    User = get_user_model()
    user = User.objects.filter(username=item.username).first()
    if user is None:
        user = User.objects.create_user(item.username, f"{item.username}@example.com")
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=CREATORS_GROUP))
    profile = CreatorProfile.objects.create(
        name=item.name,
        slug=item.slug,
        user=user,
        location=item.location,
        bio=item.bio,
        instagram=item.instagram,
        avatar=picture(f"{item.name} avatar", item.style, (600, 600)),
    )
    report.created.append(f"creator {item.slug} (login {item.username})")
    return profile


def ensure_video() -> str:
    """Store the demo video's player as Wagtail's embed cache would, so it needs no network."""
    Embed.objects.get_or_create(
        hash=get_embed_hash(DEMO_VIDEO_URL, 960),
        defaults={
            "url": DEMO_VIDEO_URL,
            "max_width": 960,
            "type": "video",
            "html": DEMO_VIDEO_HTML,
        },
    )
    return DEMO_VIDEO_URL


def ensure_showcase_article(index: ArticleIndexPage, products, picture, creator, user, report):
    if ArticlePage.objects.child_of(index).filter(slug="jogja-look").exists():
        return
    page = ArticlePage(
        title="The Jogja look: what we wore, drank and brought home",
        slug="jogja-look",
        intro="A shoppable guide to a Saturday in Yogyakarta, with every kind of block we have.",
        date=date(2026, 10, 30),
        hero_image=picture("The Jogja look", "scene", (1600, 1000)),
        creator=creator,
        body=showcase_article_body(products, picture, ensure_video()),
    )
    page.tags.add("yogyakarta", "batik", "jamu")
    _publish(index, page, user, report, "article jogja-look")


def ensure_tutorial(index: TutorialIndexPage, products, picture, creator, user, report):
    if TutorialPage.objects.child_of(index).filter(slug="v60-gayo").exists():
        return
    step_picture = picture("Pouring in spirals", "coffee", (1200, 900))
    page = TutorialPage(
        title="Brew Gayo wine process in a V60",
        slug="v60-gayo",
        intro="Fifteen minutes, four steps, and the jammiest cup Aceh has to offer.",
        date=date(2026, 10, 26),
        hero_image=picture("V60 morning", "coffee", (1600, 1000)),
        creator=creator,
        difficulty=TutorialPage.Difficulty.EASY,
        duration_minutes=15,
        materials=[
            {
                "type": "material",
                "value": {"product": products["kopi-gayo-wine-process"].pk, "amount": "20 g"},
            },
        ],
        steps=[
            {
                "type": "step",
                "value": {
                    "title": "Grind",
                    "text": "<p>Grind 20 g medium-fine, like sea salt.</p>",
                    "image": None,
                    "products": [products["kopi-gayo-wine-process"].pk],
                },
            },
            {
                "type": "step",
                "value": {
                    "title": "Bloom",
                    "text": "<p>Pour 40 g of water at 92 °C and wait 40 seconds.</p>",
                    "image": None,
                    "products": [],
                },
            },
            {
                "type": "step",
                "value": {
                    "title": "Pour",
                    "text": "<p>Pour in slow spirals up to 320 g.</p>",
                    "image": step_picture.pk,
                    "products": [],
                },
            },
            {
                "type": "step",
                "value": {
                    "title": "Taste",
                    "text": "<p>Let it cool a little: the plum notes come out.</p>",
                    "image": None,
                    "products": [products["toraja-sapan-natural"].pk],
                },
            },
        ],
    )
    page.tags.add("coffee", "aceh")
    _publish(index, page, user, report, "tutorial v60-gayo")


def ensure_creator_posts(index: CreatorPostIndexPage, products, picture, creators, admin, report):
    """One post per creator: a video, a gallery and a shoppable picture."""
    roaster, batik, jamu = creators
    posts = [
        (
            roaster,
            "harvest-day",
            "Harvest day at the cooperative",
            ["coffee", "aceh"],
            [{"type": "video", "value": {"video": ensure_video(), "caption": ""}}],
            [card(products["kopi-gayo-wine-process"], "This year's lot.")],
        ),
        (
            batik,
            "three-reds",
            "Three reds of Lasem",
            ["batik", "handmade"],
            [
                {
                    "type": "gallery",
                    "value": {
                        "pictures": [
                            {
                                "image": picture(f"Lasem red {n}", "batik", (1000, 1000)).pk,
                                "decorative": False,
                                "alt_text": f"Red batik, cloth {n}",
                                "caption": "",
                            }
                            for n in (1, 2, 3)
                        ]
                    },
                }
            ],
            [
                card(products["batik-tulis-jlamprang-sarong"]),
                card(products["mega-mendung-silk-scarf"]),
            ],
        ),
        (
            jamu,
            "sunday-lulur",
            "My Sunday lulur ritual",
            ["skincare", "jamu"],
            [],
            [
                {
                    "type": "shoppable_image",
                    "value": {
                        "image": picture("Sunday shelf", "skincare", (1200, 900)).pk,
                        "alt_text": "A bathroom shelf with a scrub and a mask",
                        "caption": "",
                        "hotspots": [
                            {
                                "product": products["lulur-body-scrub"].pk,
                                "x": 35,
                                "y": 50,
                                "label": "Lulur",
                            },
                            {
                                "product": products["temulawak-clay-mask"].pk,
                                "x": 65,
                                "y": 45,
                                "label": "Mask",
                            },
                        ],
                    },
                }
            ],
        ),
    ]
    for number, (creator, slug, title, tags, media, body) in enumerate(posts):
        if CreatorPostPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        page = CreatorPostPage(
            title=title,
            slug=slug,
            intro=f"{creator.name} shares a moment from {creator.location}.",
            date=date(2026, 10, 27 + number),
            hero_image=picture(title, _style(creator), (1600, 1000)),
            creator=creator,
            caption=creator.bio,
            media=media,
            body=body,
        )
        page.tags.add(*tags)
        # The creator wrote the post; an editor approved and published it.
        _publish(index, page, creator.user, report, f"creator post {slug}", editor=admin)


def _style(creator: CreatorProfile) -> str:
    return next(item.style for item in CREATORS if item.slug == creator.slug)


def ensure_featured(home, story_slugs: list[str], user, report) -> None:
    """Pick the home page's featured stories, once."""
    if home.featured_stories.exists():
        return
    for slug in story_slugs:
        story = Page.objects.filter(slug=slug).first()
        if story:
            home.featured_stories.create(story=story)
    home.save_revision(user=user).publish(user=user)
    report.created.append("featured stories")


def load_story_demo(home, index, products, picture, admin, password, report) -> None:
    """Creators, their posts, a tutorial, a showcase article and the discovery pages."""
    creators = [ensure_creator(item, password, picture, report) for item in CREATORS]
    tutorials = ensure_index(
        home, TutorialIndexPage, "tutorials", "Tutorials", "Learn it, then make it.", admin, report
    )
    posts = ensure_index(
        home,
        CreatorPostIndexPage,
        "posts",
        "From our creators",
        "Short posts by the makers themselves.",
        admin,
        report,
    )
    ensure_index(
        home,
        TagIndexPage,
        "tags",
        "Tags",
        "Every tag our stories and products carry.",
        admin,
        report,
    )
    ensure_index(
        home,
        CreatorIndexPage,
        "creators",
        "Creators",
        "The roasters, batik makers and skincare brands behind the shop.",
        admin,
        report,
    )
    ensure_tutorial(tutorials, products, picture, creators[0], admin, report)
    ensure_creator_posts(posts, products, picture, creators, admin, report)
    ensure_showcase_article(index, products, picture, creators[2], admin, report)
    featured = ["jogja-look", "v60-gayo", "reading-batik-motifs", "three-reds"]
    ensure_featured(home, featured, admin, report)
