"""Creators write their own posts for approval; editors edit and publish everything (over HTTP)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import ModelLogEntry, Workflow, WorkflowState

from content.models import ArticlePage, CreatorPostPage
from content.roles import CREATOR_POST_WORKFLOW
from storyshop.creators.models import CreatorProfile
from tests.content.admin_forms import story_form
from tests.content.test_roles_migration import run_python_step
from tests.factories import (
    CreatorProfileFactory,
    ProductFactory,
    creator_index,
    creator_post,
    creator_post_index,
)
from tests.users import member_of

pytestmark = pytest.mark.django_db

PUBLISHING_MIGRATION = ("creators", "0003_editors_publish_creator_profiles")


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
    draft = creator.get_latest_revision_as_object()  # a creator's edit is a draft
    assert draft.bio == "Red batik from Lasem."
    for profile in (creator, draft):
        assert str(profile.commission_rate) == "0.100"
        assert profile.slug == "batik-lasem"  # the public address is the editors' to change

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


PROFILE_VIEWS = ["edit", "history", "usage", "inspect", "delete", "unpublish"]


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
    for name in ("delete", "unpublish"):
        assert client.get(profile_view(name, creator)).status_code in (302, 403), name


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
        {
            "name": creator.name,
            "slug": creator.slug,
            "user": "",
            "commission_rate": "0.100",
            "action-publish": "action-publish",
        },
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


def profile_form(profile, **changes) -> dict:
    """The profile's edit form as an editor posts it; a creator's lacks the editors' fields."""
    data = {
        "name": profile.name,
        "slug": profile.slug,
        "bio": profile.bio,
        "user": str(profile.user_id or ""),
        "commission_rate": str(profile.commission_rate),
    }
    return {**data, **changes}


def profile_log(profile):
    """The profile's entries in Wagtail's audit log (its history)."""
    return ModelLogEntry.objects.filter(
        content_type__app_label="creators", object_id=str(profile.pk)
    )


def revision_view(profile, path: str) -> str:
    return f"/admin/snippets/creators/creatorprofile/history/{profile.pk}/revisions/{path}"


def test_a_creators_profile_edit_is_a_draft_until_an_editor_publishes_it(client, creator):
    creator_index()
    creator.bio = "Batik from Lasem."
    creator.save()

    saved = client.post(
        profile_view("edit", creator), {"name": creator.name, "bio": "Red batik from Lasem."}
    )

    assert saved.status_code == 302
    creator.refresh_from_db()
    assert creator.bio == "Batik from Lasem."  # the live profile, which readers see
    assert creator.has_unpublished_changes
    page = client.get(f"/creators/{creator.slug}/").content.decode()
    assert "Batik from Lasem." in page
    assert "Red batik from Lasem." not in page
    history = client.get(profile_view("history", creator))
    assert history.status_code == 200
    assert "Edited" in history.content.decode()  # the creator's save, listed in the history
    assert list(profile_log(creator).values_list("action", "user")) == [
        ("wagtail.edit", creator.user_id)
    ]

    editor = Client()
    editor.force_login(member_of("Editors"))
    listing = editor.get("/admin/snippets/creators/creatorprofile/").content.decode()
    assert "live + draft" in listing  # how editors spot an edit waiting to be published
    form = editor.get(profile_view("edit", creator)).content.decode()
    assert "Red batik from Lasem." in form  # the editor reviews the creator's draft
    published = editor.post(
        profile_view("edit", creator),
        profile_form(creator, bio="Red batik from Lasem.", **{"action-publish": "1"}),
    )

    assert published.status_code == 302
    creator.refresh_from_db()
    assert creator.bio == "Red batik from Lasem."
    assert not creator.has_unpublished_changes
    assert creator.user is not None  # publishing kept the creator's account linked
    assert "Red batik from Lasem." in client.get(f"/creators/{creator.slug}/").content.decode()
    assert creator.revisions.count() == 2


def test_a_creator_cannot_publish_their_profile(client, creator):
    bio = creator.bio
    form = client.get(profile_view("edit", creator)).content.decode()
    response = client.post(
        profile_view("edit", creator),
        {"name": "Renamed by me", "bio": "Unreviewed.", "action-publish": "action-publish"},
    )

    assert 'name="action-publish"' not in form
    assert response.status_code == 302  # saved, as a draft
    creator.refresh_from_db()
    assert (creator.name, creator.bio) == ("Batik Lasem", bio)
    assert creator.get_latest_revision_as_object().name == "Renamed by me"
    assert not profile_log(creator).filter(action="wagtail.publish").exists()


def test_a_creator_opens_no_revision_of_another_creators_profile(client, creator):
    other = CreatorProfileFactory(name="Other roaster", bio="Roasts coffee.")
    editor = Client()
    editor.force_login(member_of("Editors"))
    editor.post(profile_view("edit", other), profile_form(other, bio="Roasts coffee in Takengon."))
    revision = other.revisions.get()
    client.post(profile_view("edit", creator), {"name": creator.name, "bio": "Mine."})
    own_revision = creator.revisions.get()
    views = [
        "compare/earliest...latest/",
        f"compare/live...{revision.pk}/",
        f"{revision.pk}/revert/",
        f"{revision.pk}/unschedule/",
    ]

    for path in views:
        assert client.get(revision_view(other, path)).status_code in (302, 403), path
        assert client.post(revision_view(other, path), {"name": "Taken over"}).status_code in (
            302,
            403,
        ), path
    # Another profile's revision is not reached through the creator's own profile either.
    assert client.get(revision_view(creator, f"{revision.pk}/revert/")).status_code == 404
    assert client.get(profile_view("history", other)).status_code in (302, 403)
    other.refresh_from_db()
    assert (other.name, other.bio) == ("Other roaster", "Roasts coffee.")
    assert other.get_latest_revision_as_object().bio == "Roasts coffee in Takengon."
    assert client.get(revision_view(creator, "compare/live...latest/")).status_code == 200
    assert client.get(revision_view(creator, f"{own_revision.pk}/revert/")).status_code == 200


def test_a_profile_never_published_is_not_shown_to_readers(client):
    creator_index()
    editor = Client()
    editor.force_login(member_of("Editors"))

    response = editor.post(
        "/admin/snippets/creators/creatorprofile/add/",
        {"name": "Not yet", "slug": "not-yet", "user": "", "commission_rate": "0.100"},
    )

    assert response.status_code == 302
    draft = CreatorProfile.objects.get(slug="not-yet")
    assert not draft.live
    CreatorProfileFactory(name="Published roaster", slug="published-roaster")
    listing = client.get("/creators/").content.decode()
    assert "Published roaster" in listing
    assert "Not yet" not in listing
    assert client.get("/creators/not-yet/").status_code == 404
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/creators/published-roaster/" in sitemap
    assert "/creators/not-yet/" not in sitemap


def test_editors_may_publish_profiles_and_creators_may_not():
    editors = Group.objects.get(name="Editors")
    creators = Group.objects.get(name="Creators")

    assert editors.permissions.filter(codename="publish_creatorprofile").exists()
    assert not creators.permissions.filter(codename="publish_creatorprofile").exists()


def test_the_publishing_grant_migration_reverses_and_runs_twice():
    editors = Group.objects.get(name="Editors")

    run_python_step(PUBLISHING_MIGRATION, backwards=True)
    assert not editors.permissions.filter(codename="publish_creatorprofile").exists()
    assert Permission.objects.filter(codename="publish_creatorprofile").count() == 1
    run_python_step(PUBLISHING_MIGRATION)
    run_python_step(PUBLISHING_MIGRATION)

    assert editors.permissions.filter(codename="publish_creatorprofile").count() == 1
    assert Permission.objects.filter(codename="publish_creatorprofile").count() == 1


def test_an_unpublished_unlinking_leaves_the_creator_their_profile(client, creator):
    editor = Client()
    editor.force_login(member_of("Editors"))
    editor.post(profile_view("edit", creator), profile_form(creator, user=""))
    creator.refresh_from_db()
    assert creator.user is not None
    assert creator.get_latest_revision_as_object().user is None  # a draft, not yet published

    # Who owns a profile is what is published, here and everywhere else.
    assert client.get(profile_view("edit", creator)).status_code == 200
    editor.post(
        profile_view("edit", creator), profile_form(creator, user="", **{"action-publish": "1"})
    )
    assert client.get(profile_view("edit", creator)).status_code in (302, 403)
