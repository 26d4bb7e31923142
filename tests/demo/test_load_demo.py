import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from commerce.catalogue.models import Product, ProductVariant
from content.models import ArticlePage

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    output = StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


def snapshot() -> dict[str, object]:
    """Everything a rerun could add to or change."""
    return {
        "pages": list(Page.objects.values_list("pk", "title", "latest_revision_id", "live")),
        "revisions": Revision.objects.count(),
        "products": list(Product.objects.values_list("pk", "updated_at")),
        "variants": list(ProductVariant.objects.values_list("pk", "sku", "stock")),
        "images": list(get_image_model().objects.values_list("pk", "file")),
        "users": list(get_user_model().objects.values_list("pk", "password")),
        "sites": list(Site.objects.values_list("pk", "hostname", "port")),
    }


def test_demo_loads_stories_with_products_and_an_admin_who_can_log_in(client):
    output = load_demo()

    assert Product.objects.count() == 12
    articles = ArticlePage.objects.live()
    assert articles.count() >= 3
    for article in articles:
        assert len(article.body.blocks_by_name("product_card")) >= 3
    assert all(product.image_id for product in Product.objects.all())
    password = re.search(r"password: (\S+)", output).group(1)
    assert "/admin/" in output
    assert client.login(username="admin", password=password)
    assert client.get("/admin/").status_code == 200


def test_running_the_demo_twice_changes_nothing():
    first_output = load_demo()
    before = snapshot()

    second_output = load_demo()

    assert snapshot() == before
    assert "nothing changed" in second_output
    first_password = re.search(r"password: (\S+)", first_output).group(1)
    assert f"password: {first_password}" in second_output


def test_demo_site_serves_home_and_articles_with_product_prices(client):
    load_demo()

    home = client.get("/")
    article = ArticlePage.objects.live().get(slug="reading-batik-motifs")
    story = client.get(article.url)

    assert home.status_code == 200
    assert f'href="{article.url}"' in home.content.decode()
    assert story.status_code == 200
    html = story.content.decode()
    assert "Batik Cap Kawung Shirt" in html
    assert "Rp\u00a0375.000" in html


@override_settings(STORYSHOP_DEMO_ALLOWED=False)
def test_demo_refuses_to_run_where_it_is_not_allowed():
    with pytest.raises(CommandError, match="Demo content is for development"):
        load_demo()

    assert not Product.objects.exists()


def test_demo_has_every_story_type_every_block_and_creators_who_can_log_in(client):
    from content.blocks import StoryStreamBlock
    from content.page_types import story_page_types
    from storyshop.creators.models import CreatorProfile

    output = load_demo()

    for model in story_page_types():
        pages = model.objects.live()
        assert pages.exists(), model
        for page in pages:
            assert client.get(page.url).status_code == 200
    used = {
        block.block_type
        for model in story_page_types()
        for page in model.objects.all()
        for block in page.body
    }
    assert used == set(StoryStreamBlock.base_blocks)
    creators = CreatorProfile.objects.exclude(user=None)
    assert creators.count() == 3
    password = re.search(r"password: (\S+)", output).group(1)
    assert client.login(username=creators.first().user.username, password=password)
    for path in ("/tags/", "/creators/", "/tags/coffee/", "/creators/jamu-ayu/", "/tutorials/"):
        assert client.get(path).status_code == 200


@override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8123")
def test_demo_gives_the_site_the_address_it_is_served_at_once():
    load_demo()
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://127.0.0.1:8123"
    before = snapshot()

    with override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:9000"):
        output = load_demo()

    assert "nothing changed" in output
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8123"
    assert snapshot() == before
