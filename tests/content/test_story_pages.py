"""Every story type renders over HTTP with its blocks; hidden products never break a page."""

import re

import pytest

from commerce.catalogue.models import Review
from tests.factories import (
    CreatorProfileFactory,
    ImageFactory,
    ProductFactory,
    ProductVariantFactory,
    article,
    cached_video,
    creator_index,
    creator_post,
    creator_post_index,
    every_block,
    materials,
    steps,
    tag_index,
    tutorial,
    tutorial_index,
)

pytestmark = pytest.mark.django_db


def test_article_renders_every_kind_of_block(client, stories):
    coffee = ProductFactory(name="Kopi Gayo")
    coffee.tags.add("coffee")
    coffee.save()
    toraja = ProductFactory(name="Toraja Sapan")
    ProductVariantFactory(product=toraja, name="1 kg", price_override=500000, stock=3)
    Review.objects.create(product=coffee, rating=4, author_name="Sari", is_published=True)
    Review.objects.create(product=coffee, rating=5, author_name="Budi", is_published=True)
    story = article(stories, body=every_block([coffee, toraja], ImageFactory()))

    response = client.get(story.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Coffee dries on raised beds." in html
    assert 'alt="Beds"' in html
    assert 'class="test-video"' in html
    assert "Taste the lake." in html
    assert 'href="https://example.com/visit"' in html
    assert "Our pick" in html
    assert 'class="product-carousel"' in html
    assert "By tag" in html
    assert '<svg x="25.50%" y="40.00%" overflow="visible">' in html
    assert "Shop the look" in html
    # The buy-now block's label is its Buy now button's text: shown once payments are on
    # (test_the_buy_now_block_is_well_formed_and_its_button_says_the_editors_label).
    assert "from Rp\u00a0125.000" in html  # Toraja's variants differ in price
    assert "★ 4.5" in html  # Kopi Gayo's two published reviews
    assert "(2)" in html
    # Every product shown includes the commerce buying controls: card 1, picked carousel 2,
    # tag carousel 1 (only Kopi Gayo is tagged coffee), hotspots 2, the look 2, buy now 1.
    assert html.count('class="buy-controls__view"') == 9


def test_tutorial_shows_effort_materials_and_numbered_steps(client):
    index = tutorial_index()
    kettle = ProductFactory(name="Gooseneck kettle")
    beans = ProductFactory(name="Kintamani beans")
    page = tutorial(
        index,
        title="Brew a pour-over",
        difficulty="medium",
        duration_minutes=15,
        materials=materials([beans]),
        steps=steps("Heat the water", "Pour slowly", products=[kettle], image=ImageFactory()),
    )

    html = client.get(page.url).content.decode()

    assert "Takes some practice" in html
    assert "about 15 minutes" in html
    assert "What you need" in html
    assert "Kintamani beans" in html
    assert re.search(r'step__number">1</span> Heat the water', html)
    assert re.search(r'step__number">2</span> Pour slowly', html)
    assert "Gooseneck kettle" in html
    assert 'class="step__image"' in html


def test_creator_post_shows_video_or_gallery_caption_products_and_creator(client):
    creator_index()
    creator = CreatorProfileFactory(name="Kopi Kebun")
    index = creator_post_index()
    scarf = ProductFactory(name="Mega Mendung Scarf")
    video_post = creator_post(
        index,
        title="Harvest day",
        creator=creator,
        caption="Picking cherries at dawn.",
        media=[{"type": "video", "value": {"video": cached_video(), "caption": ""}}],
        body=[{"type": "product_card", "value": {"product": scarf.pk, "note": ""}}],
    )
    pictures = [
        {"image": ImageFactory().pk, "decorative": False, "alt_text": f"Look {n}", "caption": ""}
        for n in range(3)
    ]
    gallery_post = creator_post(
        index,
        title="Three looks",
        creator=creator,
        media=[{"type": "gallery", "value": {"pictures": pictures}}],
    )

    video_html = client.get(video_post.url).content.decode()
    gallery_html = client.get(gallery_post.url).content.decode()

    assert 'class="test-video"' in video_html
    assert "Picking cherries at dawn." in video_html
    assert "Mega Mendung Scarf" in video_html
    assert 'href="/creators/kopi-kebun/"' in video_html
    assert gallery_html.count('class="gallery__item"') == 3
    assert 'alt="Look 2"' in gallery_html


def test_story_links_its_tags_to_the_tag_pages(client, stories):
    tag_index()
    story = article(stories, title="Tagged")
    story.tags.add("batik")
    story.save_revision().publish()

    html = client.get(story.url).content.decode()

    assert '<a href="/tags/batik/">batik</a>' in html


def test_hidden_products_leave_every_block_and_warn_editors_in_preview(
    client, admin_client, stories
):
    visible, retired, deleted = (
        ProductFactory(name="Visible"),
        ProductFactory(name="Retired", is_active=False),
        ProductFactory(name="Deleted"),
    )
    story = article(stories, body=every_block([retired, deleted, visible], ImageFactory()))
    deleted.delete()

    reader = client.get(story.url)
    preview = admin_client.get(f"/admin/pages/{story.pk}/view_draft/")

    assert reader.status_code == 200
    html = reader.content.decode()
    assert "Retired" not in html
    assert "Deleted" not in html
    assert "Visible" in html
    assert "inactive or deleted" not in html
    assert preview.status_code == 200
    assert "inactive or deleted" in preview.content.decode()


@pytest.mark.usefixtures("stripe_api")
def test_the_buy_now_block_is_well_formed_and_its_button_says_the_editors_label(client, stories):
    beans = ProductFactory(name="Gayo beans")
    story = article(
        stories,
        body=[{"type": "buy_now", "value": {"product": beans.pk, "label": "Get the beans"}}],
    )

    html = client.get(story.url).content.decode()

    block = html[html.index('<div class="buy-now"') :]
    assert not re.search(r"<p[ >](?:(?!</p>).)*<form", html, re.S)  # no form inside a <p>
    assert re.search(r'<button class="buy-controls__buy"[^>]*>Get the beans</button>', block)
    assert "Rp\u00a0125.000" in block  # the same offer as every product block
    assert 'class="buy-now__label"' not in html


def call_to_action(page=None, url: str = "") -> dict:
    return {
        "type": "call_to_action",
        "value": {
            "heading": "Visit the farm",
            "text": "",
            "button_label": "Book a visit",
            "page": page.pk if page else None,
            "url": url,
        },
    }


def test_a_call_to_action_links_its_page_only_while_it_is_live(client, admin_client, stories):
    target = article(stories, title="Farm visits")
    story = article(stories, title="Harvest", body=[call_to_action(page=target)])

    live = client.get(story.url).content.decode()
    target.unpublish()
    unpublished = client.get(story.url).content.decode()
    preview = admin_client.get(f"/admin/pages/{story.pk}/view_draft/").content.decode()
    target.delete()
    deleted = client.get(story.url)

    assert f'<a class="call-to-action__button" href="{target.url}">Book a visit</a>' in live
    for html in (unpublished, deleted.content.decode()):
        assert "Visit the farm" in html
        assert "Book a visit" not in html
        assert 'href=""' not in html
    assert deleted.status_code == 200
    assert "unpublished or deleted" in preview
    assert "unpublished or deleted" not in unpublished
