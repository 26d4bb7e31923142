"""A story's edit form posted without the StreamFields' management fields: a 400, nothing saved.

Wagtail's StreamBlock reads `<field>-count` (and each block's `deleted`, `type` and `order`) with
`data[...]` and fails with a KeyError or ValueError (a 500) when a client posts a bare form (a
script, a form saved from another version of the page); the story form refuses such a post
first (content/forms.py) until Wagtail does.
"""

import pytest

from content.models import CreatorPostPage
from tests.content.admin_forms import story_form
from tests.factories import (
    CreatorProfileFactory,
    ProductFactory,
    creator_post,
    creator_post_index,
)
from tests.users import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_post(client):
    user = member_of("Creators")
    profile = CreatorProfileFactory(name="Batik Lasem", user=user)
    client.force_login(user)
    return creator_post(creator_post_index(), title="Lasem red", creator=profile, owner=user)


def post_form(post, **changes) -> dict:
    product = ProductFactory()
    data = story_form(
        "Lasem red, again",
        [("product_card", {"product": product.pk, "note": ""})],
        slug=post.slug,
        streams={"media": []},
        creator=str(post.creator.pk),
        caption="Fresh from the workshop.",
    )
    return {**data, **changes}


def without(data: dict, *names: str) -> dict:
    return {key: value for key, value in data.items() if key not in names}


@pytest.mark.parametrize(
    "bare",
    [
        lambda data: without(data, "media-count"),
        lambda data: without(data, "media-count", "body-count"),
        lambda data: {**data, "body-count": "many"},
        lambda data: {**data, "body-count": "99999999"},
        lambda data: without(data, "body-0-order"),
        lambda data: without(data, "body-0-deleted", "body-0-type"),
        lambda data: {**data, "body-0-order": "first"},
        lambda data: {"title": "Only a title", "slug": "lasem-red"},
    ],
    ids=[
        "no media count",
        "no counts",
        "count not a number",
        "more blocks than fields",
        "a block without its order",
        "a block without its type",
        "order not a number",
        "title only",
    ],
)
def test_a_creator_saving_their_post_with_a_bare_form_gets_a_400_and_nothing_changes(
    client, own_post, bare
):
    revisions = own_post.revisions.count()

    response = client.post(f"/admin/pages/{own_post.pk}/edit/", bare(post_form(own_post)))

    assert response.status_code == 400
    own_post.refresh_from_db()
    assert own_post.title == "Lasem red"
    assert own_post.revisions.count() == revisions


def test_the_same_post_with_its_management_fields_saves(client, own_post):
    response = client.post(f"/admin/pages/{own_post.pk}/edit/", post_form(own_post))

    assert response.status_code == 302
    assert CreatorPostPage.objects.get(pk=own_post.pk).get_latest_revision_as_object().title == (
        "Lasem red, again"
    )


def test_a_new_post_posted_without_its_management_fields_gets_a_400(client, own_post):
    url = f"/admin/pages/add/content/creatorpostpage/{own_post.get_parent().pk}/"
    data = without(post_form(own_post, slug="new-one"), "media-count")

    response = client.post(url, data)

    assert response.status_code == 400
    assert not CreatorPostPage.objects.filter(slug="new-one").exists()
