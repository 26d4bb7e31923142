"""Editors create, preview and schedule every story type through the admin."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision
from wagtail.test.utils import WagtailPageTestCase

from content.models import ArticlePage, CreatorPostPage, TutorialPage
from storyshop.home.models import HomePage
from tests.content.admin_forms import list_block, nested_form_data, step, story_form
from tests.factories import (
    CreatorProfileFactory,
    ImageFactory,
    ProductFactory,
    article,
    article_index,
    creator_index,
    creator_post,
    creator_post_index,
    every_block,
    home_page,
    tag_index,
    tutorial,
    tutorial_index,
)
from tests.users import member_of

PUBLISH = {"action-publish": "action-publish"}


class EditorsCreateEveryStoryType(WagtailPageTestCase):
    def setUp(self):
        self.client.force_login(member_of("Editors"))
        self.product = ProductFactory()

    def test_editor_creates_an_article_with_product_blocks(self):
        body = [
            ("product_card", {"product": self.product.pk, "note": "Our pick"}),
            ("buy_now", {"product": self.product.pk, "label": "Buy now"}),
            (
                "product_carousel",
                {
                    "heading": "More",
                    "source": "picked",
                    "products": list_block([self.product.pk]),
                    "tag": "",
                    "limit": 6,
                },
            ),
        ]
        self.assertCanCreate(article_index(), ArticlePage, story_form("Kopi trail", body))

        page = ArticlePage.objects.get(slug="kopi-trail")
        assert [block.block_type for block in page.body] == [
            "product_card",
            "buy_now",
            "product_carousel",
        ]

    def test_editor_creates_a_tutorial(self):
        data = story_form(
            "Brew pour over",
            difficulty="easy",
            duration_minutes="15",
            streams={
                "materials": [("material", {"product": self.product.pk, "amount": "20 g"})],
                "steps": [step("Grind", [self.product.pk]), step("Pour", [])],
            },
        )
        self.assertCanCreate(tutorial_index(), TutorialPage, data)

        page = TutorialPage.objects.get(slug="brew-pour-over")
        assert [block.value["title"] for block in page.steps] == ["Grind", "Pour"]

    def test_editor_creates_a_creator_post(self):
        creator = CreatorProfileFactory()
        data = story_form(
            "Harvest day",
            creator=str(creator.pk),
            body=[("product_card", {"product": self.product.pk, "note": ""})],
            streams={"media": []},
            caption="At dawn.",
        )
        self.assertCanCreate(creator_post_index(), CreatorPostPage, data)

        assert CreatorPostPage.objects.get(slug="harvest-day").creator == creator

    def test_hotspots_outside_the_picture_are_refused(self):
        body = [
            (
                "shoppable_image",
                {
                    "image": str(ImageFactory().pk),
                    "alt_text": "A table",
                    "caption": "",
                    "hotspots": list_block(
                        [{"product": self.product.pk, "x": "120", "y": "50", "label": ""}]
                    ),
                },
            )
        ]
        index = article_index()

        response = self.client.post(
            f"/admin/pages/add/content/articlepage/{index.pk}/", story_form("Bad dots", body)
        )

        assert response.status_code == 200
        assert not ArticlePage.objects.filter(slug="bad-dots").exists()
        assert "Ensure this value is less than or equal to 100" in response.content.decode()


class EditorsCreateTheIndexTagAndCreatorPages(WagtailPageTestCase):
    def setUp(self):
        self.client.force_login(member_of("Editors"))

    def test_editor_creates_each_index_page_below_the_home_page(self):
        from content.models import (
            ArticleIndexPage,
            CreatorIndexPage,
            CreatorPostIndexPage,
            TagIndexPage,
            TutorialIndexPage,
        )

        for model, slug in (
            (ArticleIndexPage, "stories"),
            (TutorialIndexPage, "tutorials"),
            (CreatorPostIndexPage, "posts"),
            (TagIndexPage, "tags"),
            (CreatorIndexPage, "creators"),
        ):
            data = nested_form_data(
                {"title": slug.title(), "slug": slug, "intro": "All of them.", **PUBLISH}
            )
            self.assertCanCreate(home_page(), model, data)
            assert self.client.get(f"/{slug}/").status_code == 200, slug

    def test_a_site_has_one_tag_index_and_one_creator_index(self):
        from content.models import CreatorIndexPage, TagIndexPage

        tag_index()
        creator_index()
        other_home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Another site", slug="another-site")
        )

        for model in (TagIndexPage, CreatorIndexPage):
            assert not model.can_create_at(home_page())
            assert model.can_create_at(other_home)  # the home page of another site


class EveryStoryTypeIsPreviewable(WagtailPageTestCase):
    def setUp(self):
        self.client.force_login(member_of("Editors"))

    def test_previews(self):
        products = ProductFactory.create_batch(3)
        image = ImageFactory()
        pages = [
            article(article_index(), body=every_block(products, image)),
            tutorial(tutorial_index()),
            creator_post(creator_post_index(), body=every_block(products, image)),
        ]
        for page in pages:
            self.assertPageIsRenderable(page)
            response = self.client.get(f"/admin/pages/{page.pk}/view_draft/")
            assert response.status_code == 200
            assert page.title in response.content.decode()

    def test_the_editors_preview_of_unsaved_changes(self):
        page = article(article_index(), title="Draft")
        product = ProductFactory(name="Previewed Kopi")
        data = story_form("Draft", [("product_card", {"product": product.pk, "note": ""})])

        self.assertPageIsPreviewable(page, post_data=data)


@pytest.mark.django_db
def test_a_story_scheduled_by_an_editor_goes_live_at_its_time(client, stories):
    client.force_login(member_of("Editors"))
    go_live = timezone.localtime() + timedelta(hours=2)
    data = story_form("Tomorrows story", go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    data["action-publish"] = "action-publish"

    response = client.post(f"/admin/pages/add/content/articlepage/{stories.pk}/", data)

    assert response.status_code == 302, response.context["form"].errors
    page = ArticlePage.objects.get(slug="tomorrows-story")
    assert not page.live
    revision = Revision.page_revisions.get(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    )
    assert client.get("/stories/tomorrows-story/").status_code == 404

    assert revision.approved_go_live_at > timezone.now()

    # Cron runs `manage.py publish_scheduled` every minute (README, Operations): a minute before
    # its time the story stays unpublished, a minute after it is live.
    def publish_scheduled_at(moment) -> None:
        with mock.patch.object(timezone, "now", return_value=moment):
            call_command("publish_scheduled", verbosity=0)
        page.refresh_from_db()

    publish_scheduled_at(revision.approved_go_live_at - timedelta(minutes=1))
    assert not page.live
    publish_scheduled_at(revision.approved_go_live_at + timedelta(minutes=1))
    assert page.live
    assert client.get(page.url).status_code == 200


@pytest.mark.django_db
def test_product_chooser_shows_picture_price_and_stock(client):
    client.force_login(member_of("Editors"))
    ProductFactory(name="Kopi Gayo", stock=3)

    response = client.get("/admin/snippets/choose/catalogue/product/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kopi Gayo" in html
    assert "125.000" in html
    assert "Only 3 left" in html
    assert "<img" in html


@pytest.mark.django_db
def test_the_editor_places_hotspots_with_the_click_to_place_widget(client, stories):
    client.force_login(member_of("Editors"))
    page = article(stories)

    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()

    assert "content/admin/shoppable-image-editor.js" in html
    assert "content.blocks.ShoppableImageBlock" in html


@pytest.mark.django_db
def test_the_add_forms_of_every_page_type_open(client):
    from content.page_types import page_types

    client.force_login(member_of("Editors"))
    product = ProductFactory()
    product.tags.add("coffee")
    product.save()
    indexes = [article_index(), tutorial_index(), creator_post_index()]

    for index, index_type in zip(indexes, page_types().story_indexes, strict=True):
        story_type = index_type.subpage_types[0].split(".")[1].lower()
        response = client.get(f"/admin/pages/add/content/{story_type}/{index.pk}/")
        assert response.status_code == 200, story_type
        assert "coffee" in response.content.decode()  # the tag carousel's choices
