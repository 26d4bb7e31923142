"""The session cart over HTTP: forms without JavaScript, JSON when asked, and every bad input."""

import pytest
from django.test import Client

from commerce.shop.services.cart import MAX_CART_LINES, MAX_LINE_QUANTITY
from tests.factories import ProductFactory, ProductVariantFactory, article, product_cards

pytestmark = pytest.mark.django_db
JSON = {"Accept": "application/json"}


def cart_lines(client: Client) -> list[dict]:
    return client.get("/cart/", headers=JSON).json()["cart"]["lines"]


def add(client: Client, variant_id, quantity=1, **extra):
    return client.post(
        "/cart/add/", {"variant": variant_id, "quantity": quantity, **extra}, headers=JSON
    )


def test_reader_adds_from_a_story_and_the_line_remembers_the_story_and_block(
    client, story, block_id, coffee
):
    variant = coffee.variants.get()

    response = add(client, variant.pk, 2, page=story.pk, block=block_id)

    assert response.status_code == 200
    assert response.json()["cart"]["count"] == 2
    assert [{**line, "added_at": "when"} for line in client.session["cart"]] == [
        {
            "variant_id": variant.pk,
            "quantity": 2,
            "page_id": story.pk,
            "block_id": block_id,
            "added_at": "when",
        }
    ]
    assert cart_lines(client)[0]["name"] == "Kopi Gayo"
    assert cart_lines(client)[0]["line_total"] == "250000.00"


def test_without_javascript_the_form_adds_and_goes_back_to_the_story(
    client, story, block_id, coffee
):
    response = client.post(
        "/cart/add/",
        {
            "variant": coffee.variants.get().pk,
            "quantity": 1,
            "page": story.pk,
            "block": block_id,
            "next": story.url,
        },
    )

    assert response.status_code == 303
    assert response["Location"] == story.url
    page = client.get(story.url).content.decode()
    assert "Added to your cart" in page
    assert "data-cart-count>1<" in page


def test_the_form_never_sends_the_reader_to_another_site(client, coffee):
    response = client.post(
        "/cart/add/",
        {"variant": coffee.variants.get().pk, "quantity": 1, "next": "https://evil.example/"},
    )

    assert response.status_code == 303
    assert response["Location"] == "/cart/"


def test_cart_page_shows_server_prices_and_totals(client, coffee):
    add(client, coffee.variants.get().pk, 3)

    html = client.get("/cart/").content.decode()

    assert "Kopi Gayo" in html
    assert "Rp\u00a0375.000" in html


def test_update_and_remove_lines(client, coffee):
    variant = coffee.variants.get()
    add(client, variant.pk, 1)

    assert (
        client.post("/cart/update/", {"variant": variant.pk, "quantity": 4}, headers=JSON).json()[
            "cart"
        ]["count"]
        == 4
    )
    assert (
        client.post("/cart/remove/", {"variant": variant.pk}, headers=JSON).json()["cart"]["count"]
        == 0
    )
    assert cart_lines(client) == []


def test_adding_twice_adds_to_the_line(client, coffee):
    variant = coffee.variants.get()
    add(client, variant.pk, 2)
    add(client, variant.pk, 3)

    assert [line["quantity"] for line in cart_lines(client)] == [5]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"quantity": 1}, "Choose a product."),
        ({"variant": "abc", "quantity": 1}, "Choose a product."),
        ({"variant": 999999, "quantity": 1}, "That product is not for sale."),
        ({"variant": "{v}", "quantity": 0}, "Choose between 1 and 10"),
        ({"variant": "{v}", "quantity": -2}, "Choose between 1 and 10"),
        ({"variant": "{v}", "quantity": "1.5"}, "Choose between 1 and 10"),
        ({"variant": "{v}", "quantity": MAX_LINE_QUANTITY + 1}, "Choose between 1 and 10"),
        ({"variant": "{v}"}, "Choose between 1 and 10"),
        ({"variant": "{v}", "quantity": 1, "page": 999999}, "That story does not exist."),
        ({"variant": "{v}", "quantity": 1, "page": "x"}, "That story does not exist."),
        ({"variant": "{v}", "quantity": 1, "page": "{page}", "block": "not-a-uuid"}, "malformed"),
        (
            {
                "variant": "{v}",
                "quantity": 1,
                "page": "{page}",
                "block": "6f1c2b1e-3c7a-4f53-9d55-1d2f3a4b5c6d",
            },
            "does not show this product",
        ),
        (
            {"variant": "{v}", "quantity": 1, "block": "6f1c2b1e-3c7a-4f53-9d55-1d2f3a4b5c6d"},
            "needs the page",
        ),
        ({"variant": "{v}", "quantity": 1, "price": "1"}, None),
    ],
)
def test_bad_input_gets_a_clear_400_and_changes_nothing(client, story, coffee, data, message):
    variant = coffee.variants.get()
    add(client, variant.pk, 1)
    before = client.session["cart"]
    data = {k: str(v).format(v=variant.pk, page=story.pk) for k, v in data.items()}

    response = client.post("/cart/add/", data, headers=JSON)

    if message is None:  # a price sent by the client is simply not read
        assert response.status_code == 200
        assert cart_lines(client)[0]["unit_price"] == "125000.00"
        return
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert client.session["cart"] == before


def test_bad_input_without_javascript_shows_the_cart_with_the_reason(client, coffee):
    response = client.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 0})

    assert response.status_code == 400
    assert "Choose between 1 and 10 of an item." in response.content.decode()


def test_cannot_add_more_than_is_in_stock(client):
    product = ProductFactory(stock=3)
    variant = product.variants.get()
    add(client, variant.pk, 2)

    response = add(client, variant.pk, 2)

    assert response.status_code == 400
    assert "only 3 left" in response.json()["error"]
    assert [line["quantity"] for line in cart_lines(client)] == [2]


def test_sold_out_inactive_and_hidden_products_cannot_be_added(client):
    sold_out = ProductFactory(stock=0).variants.get()
    hidden = ProductFactory(is_active=False).variants.get()
    retired = ProductVariantFactory(product=ProductFactory(), is_active=False)

    assert "sold out" in add(client, sold_out.pk).json()["error"]
    assert add(client, hidden.pk).status_code == 400
    assert add(client, retired.pk).status_code == 400
    assert "cart" not in client.session


def test_a_cart_holds_a_sane_number_of_lines(client):
    variants = [ProductFactory().variants.get() for _ in range(MAX_CART_LINES + 1)]
    for variant in variants[:-1]:
        assert add(client, variant.pk).status_code == 200

    response = add(client, variants[-1].pk)

    assert response.status_code == 400
    assert f"at most {MAX_CART_LINES}" in response.json()["error"]


def test_update_or_remove_a_line_that_is_not_in_the_cart_is_refused(client, coffee):
    variant = coffee.variants.get()

    assert (
        client.post(
            "/cart/update/", {"variant": variant.pk, "quantity": 2}, headers=JSON
        ).status_code
        == 400
    )
    assert client.post("/cart/remove/", {"variant": variant.pk}, headers=JSON).status_code == 400
    assert (
        client.post(
            "/cart/update/", {"variant": variant.pk, "quantity": 0}, headers=JSON
        ).status_code
        == 400
    )


def test_cart_changes_need_a_csrf_token(coffee):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 1})

    assert response.status_code == 403
    assert "cart" not in client.session


def test_cart_changes_are_post_only(client, coffee):
    assert (
        client.get("/cart/add/", {"variant": coffee.variants.get().pk, "quantity": 1}).status_code
        == 405
    )


def test_story_shows_add_to_cart_and_buy_now_for_each_product(
    client, stripe_api, story, block_id, coffee
):
    html = client.get(story.url).content.decode()

    assert 'action="/cart/add/"' in html
    assert f'name="block" value="{block_id}"' in html
    assert f'name="page" value="{story.pk}"' in html
    assert 'formaction="/checkout/"' in html
    assert "Buy now" in html


def test_without_payments_the_story_and_cart_say_so(client, no_payments, story, coffee):
    html = client.get(story.url).content.decode()
    add(client, coffee.variants.get().pk)
    cart = client.get("/cart/").content.decode()

    assert "Buy now" not in html
    assert "Payments are not configured" in html
    assert "Payments are not configured" in cart
    assert "Check out with Stripe" not in cart


def test_product_page_has_a_variant_picker_that_skips_sold_out_variants(client):
    product = ProductFactory(name="Batik Shirt", stock=0, sku="SHIRT-S")
    ProductVariantFactory(product=product, name="M", sku="SHIRT-M", stock=4)

    html = client.get(product.get_absolute_url()).content.decode()

    assert '<select name="variant">' in html
    assert "sold out</option>" in html
    assert "selected>M" in html


def _queries_for_cart_page(client: Client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/cart/")  # count a warm page: the first one looks up the host's Wagtail Site
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/cart/").status_code == 200
    return len(queries)


def test_cart_page_query_count_does_not_grow_with_its_lines(client):
    one, five = Client(), Client()
    products = ProductFactory.create_batch(5)
    add(one, products[0].variants.get().pk)
    for product in products:
        add(five, product.variants.get().pk)

    # The session, every line's variant and product in one query, and the Site's shop settings
    # (its WhatsApp number): the same for one line or five.
    assert _queries_for_cart_page(one) == _queries_for_cart_page(five)


def rendered_block_ids(client: Client, url: str) -> list[str]:
    """The block ids the page's buy controls post, in page order."""
    import re

    return re.findall(r'name="block" value="([0-9a-f-]{36})"', client.get(url).content.decode())


def tutorial_with(products_in_materials, products_in_steps):
    from tests.factories import materials, steps, tutorial, tutorial_index

    return tutorial(
        tutorial_index(),
        materials=materials(products_in_materials),
        steps=steps("Grind", products=products_in_steps),
    )


@pytest.mark.parametrize("stream", ["materials", "steps"])
def test_a_tutorial_sells_from_its_materials_and_steps(client, stripe_api, stream):
    from commerce.shop.models import Order

    material, tool = ProductFactory(name="Beans"), ProductFactory(name="Grinder")
    page = tutorial_with([material], [tool])
    product = material if stream == "materials" else tool
    block_id = getattr(page, stream)[0].id
    assert block_id in rendered_block_ids(client, page.url)
    form = {"variant": product.variants.get().pk, "quantity": 1, "page": page.pk, "block": block_id}

    added = client.post("/cart/add/", form, headers=JSON)
    bought = client.post("/checkout/", form)

    assert added.status_code == 200, added.content
    assert client.session["cart"][0]["block_id"] == block_id
    assert bought.status_code == 303
    line = Order.objects.get().lines.get()
    assert (line.source_page_id, line.source_block_id) == (page.pk, block_id)


def test_a_creator_post_sells_and_credits_its_creator(client, stripe_api):
    from commerce.shop.models import Order
    from tests.factories import CreatorProfileFactory, creator_post, creator_post_index

    creator = CreatorProfileFactory(name="Ayu")
    product = ProductFactory(name="Batik")
    post = creator_post(creator_post_index(), body=product_cards([product]), creator=creator)
    block_id = post.body[0].id
    assert block_id in rendered_block_ids(client, post.url)

    client.post(
        "/cart/add/",
        {"variant": product.variants.get().pk, "quantity": 1, "page": post.pk, "block": block_id},
    )
    assert client.post("/checkout/").status_code == 303

    line = Order.objects.get().lines.get()
    assert (line.source_page_id, line.source_block_id, line.creator) == (post.pk, block_id, creator)


def test_a_block_of_another_story_is_refused(client, story, coffee):
    other = tutorial_with([coffee], [])

    response = add(client, coffee.variants.get().pk, page=story.pk, block=other.materials[0].id)

    assert response.status_code == 400
    assert "does not show this product" in response.json()["error"]


def _not_a_story_source(kind: str, stories, coffee):
    """A page that must not be credited with a sale, and a block id to send with it."""
    from wagtail.models import Page, PageViewRestriction

    from tests.factories import home_page, tag_index

    if kind == "root":
        return Page.get_first_root_node(), ""
    if kind == "home":
        return home_page(), ""
    if kind == "story index":
        return stories, ""
    if kind == "tag index":
        return tag_index(), ""
    story = article(stories, title=f"A {kind} story", body=product_cards([coffee]))
    if kind == "private":
        PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)
    if kind == "below a private index":
        PageViewRestriction.objects.create(
            page=stories, restriction_type=PageViewRestriction.PASSWORD, password="kopi"
        )
    if kind == "unpublished":
        story.unpublish()
    return story, story.body[0].id


@pytest.mark.parametrize(
    "kind",
    ["root", "home", "story index", "tag index", "private", "below a private index", "unpublished"],
)
def test_only_a_live_public_story_can_be_credited_with_a_sale(
    client, stripe_api, stories, coffee, kind
):
    from commerce.shop.models import Order

    page, block_id = _not_a_story_source(kind, stories, coffee)
    form = {"variant": coffee.variants.get().pk, "quantity": 1, "page": page.pk}
    if block_id:
        form["block"] = block_id

    added = client.post("/cart/add/", form, headers=JSON)
    bought = client.post("/checkout/", form, headers=JSON)

    assert added.status_code == 400
    assert added.json()["error"] == "That story does not exist."
    assert "cart" not in client.session
    assert bought.status_code == 400
    assert bought.json()["error"] == "That story does not exist."
    assert not Order.objects.exists()


def test_product_listings_that_are_not_stories_sell_without_a_source(client, stories, coffee):
    from tests.factories import CreatorProfileFactory, creator_index

    creator_index()
    maker = CreatorProfileFactory(name="Kopi Kebun")
    article(stories, title="Gayo", creator=maker, body=product_cards([coffee]))
    for number in range(2):  # trending: in the most stories
        article(stories, title=f"Kopi {number}", body=product_cards([coffee]))

    for url in ("/", "/creators/kopi-kebun/"):
        html = client.get(url).content.decode()
        assert 'name="variant"' in html, url
        assert 'name="page"' not in html, url
    assert add(client, coffee.variants.get().pk).status_code == 200
