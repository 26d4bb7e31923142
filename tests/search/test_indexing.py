"""What readers can find follows publishing, unpublishing, deleting and product changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commerce.catalogue.stock import apply_stock_edits, lock_stock
from commerce.shop.models import Order
from commerce.shop.services.stock import release_stock, reserve_stock
from search.models import IndexingRequest, ProductFeature
from search.queries import search_site
from search.results import SearchQuery
from storyshop.creators.models import CreatorProfile
from tests.factories import creator_post, creator_post_index, steps, tutorial, tutorial_index
from tests.search.shop import product, story

pytestmark = pytest.mark.django_db


def found(text):
    return sorted(hit.title for hit in search_site(SearchQuery(text=text)).hits)


def test_drafts_are_never_found(stories, indexed):
    with indexed():
        page = story(stories, "Kawung draft", live=False)

    assert found("kawung") == []
    assert not ProductFeature.objects.filter(story_id=page.pk).exists()


def test_publishing_finds_the_new_text_and_a_newer_draft_changes_nothing(stories, indexed):
    with indexed():
        page = story(stories, "Parang motifs")
    with indexed():
        page.title = "Kawung motifs"
        page.save_revision()

    assert found("parang") == ["Parang motifs"]
    assert found("kawung") == []

    with indexed():
        page.get_latest_revision().publish()

    assert found("kawung") == ["Kawung motifs"]
    assert found("parang") == []


def test_unpublished_and_deleted_stories_disappear(stories, indexed):
    with indexed():
        first = story(stories, "Kawung one")
        second = story(stories, "Kawung two")
    with indexed():
        first.unpublish()
        second.delete()

    assert found("kawung") == []


def test_products_follow_their_changes(stories, indexed):
    with indexed():
        shirt = product("Parang shirt", "100000")
        hidden = product("Kawung scarf", "100000")
    with indexed():
        shirt.name = "Kawung shirt"
        shirt.save()
        hidden.is_active = False
        hidden.save()

    assert found("kawung") == ["Kawung shirt"]


def test_stock_of_a_variant_updates_in_stock(stories, indexed):
    with indexed():
        kopi = product("Kopi Gayo", "85000", stock=0)
    assert search_site(SearchQuery(text="kopi", in_stock=True)).hits == ()

    with indexed():
        variant = kopi.variants.get()
        variant.stock = 4
        variant.save()

    assert [hit.title for hit in search_site(SearchQuery(text="kopi", in_stock=True)).hits] == [
        "Kopi Gayo"
    ]


def test_every_story_type_is_found_by_its_own_words_tags_and_creator(stories, indexed):
    ani = CreatorProfile.objects.create(name="Ani Wulandari", slug="ani")
    with indexed():
        story(stories, "Reading motifs", tags=("Batik tulis",), creator=ani)
        tutorial(tutorial_index(), title="Brew at home", steps=steps("Bloom the grounds"))
        creator_post(creator_post_index(), title="Market day", caption="Sambal matah everywhere")

    def hits(text):
        return [(hit.title, hit.type_label) for hit in search_site(SearchQuery(text=text)).hits]

    assert hits("wulandari") == [("Reading motifs", "Article")]
    assert hits("tulis") == [("Reading motifs", "Article")]
    assert hits("bloom") == [("Brew at home", "Tutorial")]
    assert hits("sambal") == [("Market day", "Creator post")]


def in_stock(text):
    return [hit.title for hit in search_site(SearchQuery(text=text, in_stock=True)).hits]


def test_checkouts_and_stock_edits_keep_in_stock_true(stories, indexed):
    """Checkouts and the stock screen change stock with UPDATEs, which send no save signal."""
    with indexed():
        variant = product("Kopi Gayo", "85000", stock=2).variants.get()
    order = Order.objects.create(currency="IDR", total=0)

    with indexed():  # a checkout holds the last two units
        reserve_stock(order, {variant.pk: 2}, timezone.now() + timedelta(minutes=30))
    assert in_stock("kopi") == []

    with indexed():  # it expires
        release_stock(order)
    assert in_stock("kopi") == ["Kopi Gayo"]

    with indexed():  # an editor writes the stock off
        apply_stock_edits(lock_stock([variant.pk]), {variant.pk: -2})
    assert in_stock("kopi") == []


def test_featured_products_follow_the_stories_that_feature_them(stories, indexed, search_backend):
    with indexed():
        kopi = product("Kopi Gayo", "85000")
        page = story(stories, "Highland roasters", products=(kopi,))

    hit = search_site(SearchQuery(text="kopi")).hits[0]
    assert [link.title for link in hit.featured_in] == ["Highland roasters"]
    if search_backend == "elasticsearch":
        # The story's title is searchable on the product it features.
        assert found("highland") == ["Highland roasters", "Kopi Gayo"]

    with indexed():
        page.unpublish()

    assert search_site(SearchQuery(text="kopi")).hits[0].featured_in == ()
    assert found("highland") == []


def test_every_request_is_done_after_commit(stories, indexed):
    with indexed():
        story(stories, "Kawung")
        product("Kawung shirt", "10000")

    assert not IndexingRequest.objects.filter(done_at__isnull=True).exists()
