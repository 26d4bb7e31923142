"""Reviews from real buyers: the links in the confirmation e-mail, the form, moderation, and
the product page that shows them."""

import json
import re
import time
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from commerce.catalogue.models import Product, Review
from commerce.shop.exceptions import AlreadyReviewed
from commerce.shop.models import Order, OrderLine, Refund
from commerce.shop.services.reviews import REVIEW_LINK_MAX_AGE, review_token, write_review
from tests.commerce.conftest import deliver
from tests.factories import ProductFactory
from tests.users import member_of

pytestmark = pytest.mark.django_db

REVIEW_LINK = re.compile(r"^Review (?P<name>.+): (?P<url>https?://\S+/reviews/write/\S+/)$", re.M)
A_REVIEW = {
    "rating": "5",
    "title": "Bright and sweet",
    "body": "Tastes of red fruit, lovely as a pour-over.",
    "author_name": "Sari",
}


def paid_order(*products: Product, status: str = Order.Status.PAID) -> Order:
    """An order of one unit of each product, in `status`."""
    total = sum((Decimal(product.price) for product in products), Decimal(0))
    order = Order.objects.create(
        status=status, currency="IDR", total=total, email="buyer@example.com"
    )
    for product in products:
        variant = product.variants.get()
        OrderLine.objects.create(
            order=order,
            variant=variant,
            product_name=product.name,
            sku=variant.sku,
            unit_price=Decimal(product.price),
            quantity=1,
        )
    return order


def link_of(line: OrderLine) -> str:
    return f"/reviews/write/{review_token(line)}/"


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def bought(client, stripe_api, coffee, story, block_id):
    """A reader bought 2 coffees and a tea from the story and paid: returns the e-mail body."""
    tea = ProductFactory(name="Teh Tambi", price="60000.00")
    form = {"variant": coffee.variants.get().pk, "quantity": 2, "page": story.pk}
    client.post("/cart/add/", {**form, "block": block_id})
    client.post("/cart/add/", {"variant": tea.variants.get().pk, "quantity": 1})
    assert client.post("/checkout/").status_code == 303
    session = Order.objects.get().provider_checkout_id
    event = stripe_api.event("checkout.session.completed", stripe_api.complete_session(session))
    assert deliver(client, event).status_code == 200
    assert len(mail.outbox) == 1
    return mail.outbox[0].body


def test_the_confirmation_email_links_each_product_bought_to_its_review_form(bought):
    links = {match["name"]: match["url"] for match in REVIEW_LINK.finditer(bought)}

    assert sorted(links) == ["Kopi Gayo", "Teh Tambi"]
    root_url = Site.objects.get(is_default_site=True).root_url
    assert all(url.startswith(f"{root_url}/reviews/write/") for url in links.values())
    assert "reader@example.com" not in "".join(links.values())
    assert "180 days" in bought


def test_a_buyer_follows_the_link_and_writes_an_unpublished_verified_review(bought, coffee):
    url = path_of(next(m["url"] for m in REVIEW_LINK.finditer(bought) if m["name"] == "Kopi Gayo"))
    reader = Client()

    form = reader.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert "Review Kopi Gayo" in html
    assert html.count('type="radio" name="rating"') == 5
    assert "reader@example.com" not in html  # the display name is the buyer's to choose
    response = reader.post(url, A_REVIEW)

    assert response.status_code == 200
    assert "An editor will read it and publish it" in response.content.decode()
    review = Review.objects.get()
    assert (review.product, review.rating, review.author_name) == (coffee, 5, "Sari")
    assert review.is_verified_buyer
    assert not review.is_published
    assert review.purchase.order_line == OrderLine.objects.get(product_name="Kopi Gayo")
    assert review.user is None


def test_an_editor_publishes_it_and_the_product_page_shows_it_with_the_badge(client, coffee):
    order = paid_order(coffee)
    client.post(link_of(order.lines.get()), A_REVIEW)
    Review.objects.create(product=coffee, rating=3, author_name="Budi", is_published=True)
    review = Review.objects.get(author_name="Sari")
    assert "Bright and sweet" not in client.get(coffee.get_absolute_url()).content.decode()
    editor = Client()
    editor.force_login(member_of("Editors"))

    saved = editor.post(
        f"/admin/snippets/catalogue/review/edit/{review.pk}/",
        {**A_REVIEW, "product": coffee.pk, "is_published": "on"},
    )

    assert saved.status_code == 302, saved.content.decode()[:2000]
    review.refresh_from_db()
    assert review.is_published
    assert review.is_verified_buyer
    html = client.get(coffee.get_absolute_url()).content.decode()
    assert "★ 4.0" in html
    assert "(2 reviews)" in html
    assert "Bright and sweet" in html
    assert "Tastes of red fruit" in html
    assert "★★★★★" in html
    assert "★★★☆☆" in html
    assert html.count("Verified buyer") == 1  # Sari bought it; Budi's review was typed in


def test_the_product_page_json_ld_rates_the_product_and_lists_its_reviews(client, coffee):
    Review.objects.create(
        product=coffee, rating=4, title="Good", body="Nutty.", author_name="Sari", is_published=True
    )
    Review.objects.create(product=coffee, rating=2, author_name="Hidden", body="Not published")

    html = client.get(coffee.get_absolute_url()).content.decode()

    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(found.group(1))
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "4.0",
        "reviewCount": 1,
    }
    assert [(r["author"]["name"], r["reviewRating"]["ratingValue"]) for r in data["review"]] == [
        ("Sari", 4)
    ]
    assert "Hidden" not in html


def test_a_product_without_reviews_says_so_and_has_no_rating_in_its_json_ld(client, coffee):
    html = client.get(coffee.get_absolute_url()).content.decode()

    assert "No reviews yet" in html
    assert "aggregateRating" not in html
    assert '"review"' not in html


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: token[:3] + ("A" if token[3] != "A" else "B") + token[4:],  # the payload
        lambda token: "not-a-token",
    ],
)
def test_a_tampered_link_is_not_found_and_writes_nothing(client, coffee, tamper):
    token = review_token(paid_order(coffee).lines.get())

    for response in (
        client.get(f"/reviews/write/{tamper(token)}/"),
        client.post(f"/reviews/write/{tamper(token)}/", A_REVIEW),
    ):
        assert response.status_code == 404
        assert "This review link is not valid." in response.content.decode()
    assert not Review.objects.exists()


def test_a_link_signed_for_another_purpose_is_refused(client, coffee):
    from django.core import signing

    line = paid_order(coffee).lines.get()
    token = signing.dumps({"order": line.order.reference, "line": line.pk})  # no review salt

    assert client.post(f"/reviews/write/{token}/", A_REVIEW).status_code == 404
    assert not Review.objects.exists()


def test_an_expired_link_says_so_and_writes_nothing(client, coffee):
    line = paid_order(coffee).lines.get()
    signed_at = time.time() - REVIEW_LINK_MAX_AGE.total_seconds() - 60
    with mock.patch("django.core.signing.time.time", return_value=signed_at):
        url = link_of(line)

    response = client.post(url, A_REVIEW)

    assert response.status_code == 400
    assert "This review link has expired" in response.content.decode()
    assert not Review.objects.exists()


def test_a_link_just_inside_its_lifetime_still_works(client, coffee):
    line = paid_order(coffee).lines.get()
    signed_at = time.time() - REVIEW_LINK_MAX_AGE.total_seconds() + 60
    with mock.patch("django.core.signing.time.time", return_value=signed_at):
        url = link_of(line)

    assert client.post(url, A_REVIEW).status_code == 200
    assert Review.objects.count() == 1


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Order.Status.PENDING, "This order is not paid"),
        (Order.Status.EXPIRED, "This order is not paid"),
        (Order.Status.NEEDS_ATTENTION, "This order is not paid"),
        (Order.Status.REFUNDED, "This order was refunded"),
    ],
)
def test_an_order_that_is_not_paid_or_was_refunded_cannot_review(client, coffee, status, message):
    url = link_of(paid_order(coffee, status=status).lines.get())

    for response in (client.get(url), client.post(url, A_REVIEW)):
        assert response.status_code == 403
        assert message in response.content.decode()
    assert not Review.objects.exists()


def test_a_line_refunded_in_full_cannot_review_but_the_rest_of_the_order_can(client, coffee):
    tea = ProductFactory(name="Teh Tambi")
    order = paid_order(coffee, tea, status=Order.Status.PARTIALLY_REFUNDED)
    coffee_line, tea_line = order.lines.all()
    refund = Refund.objects.create(
        order=order, amount=coffee.price, status=Refund.Status.SUCCEEDED, request_key="r1"
    )
    refund.lines.create(order_line=coffee_line, quantity=1)

    refused = client.post(link_of(coffee_line), A_REVIEW)

    assert refused.status_code == 403
    assert "was refunded in this order" in refused.content.decode()
    assert client.post(link_of(tea_line), A_REVIEW).status_code == 200
    assert list(Review.objects.values_list("product__name", flat=True)) == ["Teh Tambi"]


def test_a_second_review_of_the_same_purchase_is_refused(client, coffee):
    url = link_of(paid_order(coffee).lines.get())
    assert client.post(url, A_REVIEW).status_code == 200

    again = client.post(url, {**A_REVIEW, "rating": "1", "title": "Changed my mind"})

    assert again.status_code == 409
    assert "You have already reviewed Kopi Gayo from this order" in again.content.decode()
    assert client.get(url).status_code == 409
    assert list(Review.objects.values_list("rating", "title")) == [(5, "Bright and sweet")]


def test_two_posts_racing_past_the_check_write_one_review(coffee):
    """The unique constraint holds when a second post gets past `line_for_review`'s check."""
    line = paid_order(coffee).lines.select_related("order", "variant__product").get()
    fields = {"rating": 4, "title": "", "body": "Good.", "author_name": "Sari"}
    write_review(line, **fields)

    with pytest.raises(AlreadyReviewed):
        write_review(line, **fields)

    assert Review.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"rating": "0"}, "Choose 1 to 5 stars."),
        ({"rating": "6"}, "Choose 1 to 5 stars."),
        ({"rating": "abc"}, "Choose 1 to 5 stars."),
        ({"rating": ""}, "Choose 1 to 5 stars."),
        ({"author_name": "  "}, "This field is required."),
        ({"body": ""}, "This field is required."),
        ({"title": "x" * 121}, "at most 120 characters"),
        ({"body": "x" * 3001}, "at most 3000 characters"),
        ({"author_name": "x" * 81}, "at most 80 characters"),
    ],
)
def test_an_invalid_review_is_shown_again_with_its_error_and_writes_nothing(
    client, coffee, change, error
):
    response = client.post(link_of(paid_order(coffee).lines.get()), {**A_REVIEW, **change})

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Review.objects.exists()


def test_the_review_form_is_csrf_protected(coffee):
    url = link_of(paid_order(coffee).lines.get())
    reader = Client(enforce_csrf_checks=True)

    assert reader.post(url, A_REVIEW).status_code == 403
    assert not Review.objects.exists()
    form = reader.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode())[1]
    assert reader.post(url, {**A_REVIEW, "csrfmiddlewaretoken": token}).status_code == 200
    assert Review.objects.count() == 1


def _queries_for_product_page(client: Client, product: Product) -> int:
    client.get(product.get_absolute_url())  # count a warm page: the first makes renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(product.get_absolute_url()).status_code == 200
    return len(queries)


def test_product_page_query_count_does_not_grow_with_its_reviews(client):
    one, eight = ProductFactory(), ProductFactory()
    for product, count in ((one, 1), (eight, 8)):
        for number in range(count):
            Review.objects.create(
                product=product,
                rating=1 + number % 5,
                author_name=f"Reader {number}",
                body="Fine.",
                is_verified_buyer=number % 2 == 0,
                is_published=True,
            )

    # 1 the product with its rating average and count; 2-6 its prefetches: variants, image,
    # its card renditions, gallery, tags; 7 the latest published reviews, one query whatever
    # their number; 8-9 the page's two other renditions of the image (the 800x600 picture and
    # the share card in the meta tags), looked up one by one as before reviews were shown.
    assert _queries_for_product_page(client, one) == _queries_for_product_page(client, eight) == 9
