"""Order via WhatsApp: the cart goes to the shop's number with a signed pay link; the link
recreates the cart, holds nothing until the reader pays, and the order remembers WhatsApp."""

from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.models import Site

from commerce.catalogue.models import ProductVariant
from commerce.shop.models import Order, ShopSettings
from commerce.shop.services.whatsapp import PAY_LINK_MAX_AGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop_number(settings, no_payments):
    settings.STORYSHOP_DEMO_PAYMENTS = "true"
    shop = ShopSettings.for_site(Site.objects.get(is_default_site=True))
    shop.whatsapp_number = "+62 812-3456-7890"
    shop.save()


def whatsapp_link(client, story, block_id, coffee) -> str:
    client.post(
        "/cart/add/",
        {"variant": coffee.variants.get().pk, "quantity": 2, "page": story.pk, "block": block_id},
    )
    html = client.get("/cart/").content.decode()
    start = html.index('href="https://wa.me/') + len('href="')
    return html[start : html.index('"', start)].replace("&amp;", "&")


def test_without_a_number_the_cart_offers_no_whatsapp(settings, client, coffee):
    settings.STORYSHOP_DEMO_PAYMENTS = "true"
    client.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 1})

    assert "Order via WhatsApp" not in client.get("/cart/").content.decode()


def test_the_cart_opens_a_chat_with_the_lines_the_total_and_a_pay_link(
    shop_number, client, story, block_id, coffee
):
    link = whatsapp_link(client, story, block_id, coffee)

    parts = urlsplit(link)
    message = parse_qs(parts.query)["text"][0]
    assert (parts.netloc, parts.path) == ("wa.me", "/6281234567890")
    assert "2 x Kopi Gayo" in message
    assert "Total: Rp\xa0250.000" in message
    assert "/cart/pay/" in message
    assert ProductVariant.objects.get().stock == 10  # nothing held for a chat


def pay_url(message_link: str) -> str:
    message = parse_qs(urlsplit(message_link).query)["text"][0]
    return urlsplit(message.split("Pay: ")[1].strip()).path


def test_the_pay_link_recreates_the_cart_and_the_order_is_whatsapps_and_the_storys(
    shop_number, client, story, block_id, coffee
):
    path = pay_url(whatsapp_link(client, story, block_id, coffee))
    buyer = Client()

    page = buyer.get(path)
    assert page.status_code == 200
    assert "Kopi Gayo" in page.content.decode()
    assert ProductVariant.objects.get().stock == 10
    started = buyer.post(path, {"provider": "demo"})

    assert started.status_code == 303
    order = Order.objects.get()
    line = order.lines.get()
    assert (order.channel, line.quantity) == ("whatsapp", 2)
    assert (line.source_page_id, line.source_block_id) == (story.pk, block_id)
    assert ProductVariant.objects.get().stock == 8  # held once the reader pays


def test_a_tampered_pay_link_is_not_found(shop_number, client, story, block_id, coffee):
    path = pay_url(whatsapp_link(client, story, block_id, coffee))

    response = Client().post(path[:-3] + "xyz/", {"provider": "demo"})

    assert response.status_code == 404
    assert not Order.objects.exists()


def test_an_expired_pay_link_says_so_and_changes_nothing(
    shop_number, client, story, block_id, coffee
):
    with mock.patch("django.core.signing.time.time", return_value=1_000_000_000):
        path = pay_url(whatsapp_link(client, story, block_id, coffee))
    later = 1_000_000_000 + PAY_LINK_MAX_AGE.total_seconds() + 60

    with mock.patch("django.core.signing.time.time", return_value=later):
        response = Client().post(path, {"provider": "demo"})

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not Order.objects.exists()


def test_a_story_unpublished_since_credits_nobody_but_the_order_still_sells(
    shop_number, client, story, block_id, coffee
):
    path = pay_url(whatsapp_link(client, story, block_id, coffee))
    story.unpublish()

    Client().post(path, {"provider": "demo"})

    line = Order.objects.get().lines.get()
    assert (line.source_page_id, line.creator_id) == (None, None)


@pytest.mark.parametrize("number", ["12345", "not a number", "+0 812 3456 7890"])
def test_the_shops_number_must_be_a_phone_number_with_its_country_code(number):
    shop = ShopSettings(site=Site.objects.get(is_default_site=True), whatsapp_number=number)

    with pytest.raises(ValidationError):
        shop.full_clean()
