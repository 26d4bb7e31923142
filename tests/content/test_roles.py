"""Creators write their own posts for approval; editors edit and publish everything (over HTTP)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Workflow, WorkflowState

from content.models import ArticlePage, CreatorPostPage
from content.roles import CREATOR_POST_WORKFLOW
from storyshop.creators.models import CreatorProfile
from tests.content.admin_forms import story_form
from tests.factories import CreatorProfileFactory, ProductFactory, creator_post, creator_post_index
from tests.users import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(db):
    return creator_post_index()


@pytest.fixture
def creator(client):
    user = member_of("Creators")
    profile = CreatorProfileFactory(name="Batik Lasem", user=user)
    client.force_login(user)
    return profile


def post_form(title: str, creator_profile, **extra) -> dict:
    product = ProductFactory()
    data = story_form(
        title,
        [("product_card", {"product": product.pk, "note": ""})],
        streams={"media": []},
        creator=str(creator_profile.pk),
        caption="Fresh from the workshop.",
    )
    return {**data, **extra}


def test_every_install_has_the_roles_and_the_creator_post_workflow():
    assert Group.objects.filter(name__in=["Editors", "Creators"]).count() == 2
    workflow = Workflow.objects.get(name=CREATOR_POST_WORKFLOW)
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Editors"]


def test_a_creator_writes_a_post_but_cannot_publish_it(client, creator, posts):
    url = f"/admin/pages/add/content/creatorpostpage/{posts.pk}/"

    response = client.post(url, post_form("Lasem red", creator, **{"action-publish": "1"}))

    assert response.status_code == 302
    page = CreatorPostPage.objects.get(slug="lasem-red")
    assert not page.live
    assert page.owner == creator.user
    assert client.get("/posts/lasem-red/").status_code == 404


def test_a_creator_submits_a_post_and_an_editor_approves_it(client, creator, posts):
    url = f"/admin/pages/add/content/creatorpostpage/{posts.pk}/"
    client.post(url, post_form("Lasem red", creator, **{"action-submit": "1"}))
    page = CreatorPostPage.objects.get(slug="lasem-red")
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not page.live

    client.force_login(member_of("Editors"))
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": "Lovely"}
    )

    assert response.status_code in (200, 302)
    page.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert page.live
    assert client.get(page.url).status_code == 200


def test_a_creator_writes_only_as_themself(client, creator, posts):
    someone_else = CreatorProfileFactory(name="Someone else")
    url = f"/admin/pages/add/content/creatorpostpage/{posts.pk}/"

    response = client.post(url, post_form("Not mine", someone_else))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CreatorPostPage.objects.filter(slug="not-mine").exists()


def test_a_creator_edits_only_their_own_posts(client, creator, posts):
    own = creator_post(posts, title="Own post", creator=creator, owner=creator.user)
    other = creator_post(posts, title="Other post", creator=CreatorProfileFactory())

    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{other.pk}/edit/")
    assert response.status_code in (302, 403)
    response = client.post(f"/admin/pages/{other.pk}/edit/", post_form("Hijacked", creator))
    assert response.status_code in (302, 403)
    other.refresh_from_db()
    assert other.title == "Other post"


def test_a_creator_cannot_write_articles(client, creator, stories):
    response = client.get(f"/admin/pages/add/content/articlepage/{stories.pk}/")

    assert response.status_code in (302, 403)
    assert not ArticlePage.objects.exists()


def test_a_creator_edits_only_their_own_profile_and_not_the_commission(client, creator):
    other = CreatorProfileFactory(name="Other roaster")
    own_url = f"/admin/snippets/creators/creatorprofile/edit/{creator.pk}/"

    form = client.get(own_url)
    assert form.status_code == 200
    assert "commission_rate" not in form.content.decode()
    assert 'name="slug"' not in form.content.decode()
    response = client.post(
        own_url,
        {
            "name": "Batik Lasem",
            "slug": "renamed",
            "bio": "Red batik from Lasem.",
            "commission_rate": "0.900",
        },
    )
    assert response.status_code == 302
    creator.refresh_from_db()
    assert creator.bio == "Red batik from Lasem."
    assert str(creator.commission_rate) == "0.100"
    assert creator.slug == "batik-lasem"  # the public address is the editors' to change

    other_url = f"/admin/snippets/creators/creatorprofile/edit/{other.pk}/"
    assert client.get(other_url).status_code in (302, 403)
    client.post(other_url, {"name": "Taken over", "slug": other.slug})
    other.refresh_from_db()
    assert other.name == "Other roaster"


def test_editors_edit_and_publish_any_post_and_profile(client, posts):
    maker = CreatorProfileFactory()
    post = creator_post(posts, title="A post", creator=maker)
    client.force_login(member_of("Editors"))

    assert client.get(f"/admin/pages/{post.pk}/edit/").status_code == 200
    response = client.post(
        f"/admin/pages/{post.pk}/edit/",
        post_form("A post", maker, slug=post.slug, **{"action-publish": "1"}, intro="Edited."),
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.live
    assert post.intro == "Edited."
    assert (
        client.get(f"/admin/snippets/creators/creatorprofile/edit/{maker.pk}/").status_code == 200
    )


def test_a_creator_can_choose_products_and_pictures_for_their_post(client, creator, posts):
    ProductFactory(name="Lasem scarf")

    form = client.get(f"/admin/pages/add/content/creatorpostpage/{posts.pk}/")
    products = client.get("/admin/snippets/choose/catalogue/product/")
    images = client.get("/admin/images/chooser/")

    assert form.status_code == 200
    assert products.status_code == 200
    assert "Lasem scarf" in products.content.decode()
    assert images.status_code == 200


PROFILE_VIEWS = ["edit", "history", "usage", "inspect", "delete"]


def profile_view(name: str, profile) -> str:
    return f"/admin/snippets/creators/creatorprofile/{name}/{profile.pk}/"


def test_a_creator_opens_no_view_of_another_creators_profile(client, creator):
    other = CreatorProfileFactory(name="Other roaster")

    for name in PROFILE_VIEWS:
        assert client.get(profile_view(name, other)).status_code in (302, 403), name
    assert client.post(profile_view("delete", other)).status_code in (302, 403)
    assert CreatorProfile.objects.filter(pk=other.pk).exists()
    for name in ("edit", "history", "usage", "inspect"):
        assert client.get(profile_view(name, creator)).status_code == 200, name
    assert client.get(profile_view("delete", creator)).status_code in (302, 403)


def test_editors_open_every_view_of_any_profile(client):
    maker = CreatorProfileFactory()
    client.force_login(member_of("Editors"))

    for name in PROFILE_VIEWS:
        assert client.get(profile_view(name, maker)).status_code == 200, name


def test_a_creators_account_without_a_profile_cannot_post_as_anyone(client, posts):
    client.force_login(member_of("Creators"))
    someone = CreatorProfileFactory(name="Someone")
    url = f"/admin/pages/add/content/creatorpostpage/{posts.pk}/"

    form = client.get(url)
    response = client.post(url, post_form("Unlinked", someone, **{"action-submit": "1"}))

    assert form.status_code == 200
    assert f'value="{someone.pk}"' not in form.content.decode()
    assert response.status_code == 200
    assert "not linked to a creator profile" in response.content.decode()
    assert not CreatorPostPage.objects.filter(slug="unlinked").exists()


def test_once_an_editor_unlinks_a_creator_they_can_no_longer_write_as_them(client, creator, posts):
    own = creator_post(posts, title="Own post", creator=creator, owner=creator.user)
    editor = Client()
    editor.force_login(member_of("Editors"))
    response = editor.post(
        profile_view("edit", creator),
        {"name": creator.name, "slug": creator.slug, "user": "", "commission_rate": "0.100"},
    )
    assert response.status_code == 302
    creator.refresh_from_db()
    assert creator.user is None
    revisions = own.revisions.count()

    edited = client.post(
        f"/admin/pages/{own.pk}/edit/", post_form("Own post", creator, slug=own.slug)
    )

    assert edited.status_code == 200
    assert "not linked to a creator profile" in edited.content.decode()
    assert own.revisions.count() == revisions  # nothing saved
    assert client.get(profile_view("edit", creator)).status_code in (302, 403)
