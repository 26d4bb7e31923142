"""Shop test fixtures: the local Stripe stand-in, signed webhooks, a story to buy from."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, TestCase

from commerce.catalogue.models import Product
from commerce.shop.models import Order
from content.models import ArticlePage
from tests.commerce.stripe_stand_in import StripeStandIn, sign_payload
from tests.commerce.xendit_fixtures import xendit_api, xendit_server  # noqa: F401  (fixtures)
from tests.factories import ProductFactory, article, product_cards

WEBHOOK_SECRET = "whsec_test_storyshop"


@pytest.fixture(scope="session")
def stripe_server() -> Iterator[StripeStandIn]:
    server = StripeStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def stripe_api(stripe_server: StripeStandIn, settings: Any) -> StripeStandIn:
    """Payments on, with the real SDK talking to the local stand-in; no retries, short timeouts."""
    stripe_server.reset()
    settings.STRIPE_SECRET_KEY = "sk_test_storyshop"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_storyshop"
    settings.STRIPE_API_BASE = stripe_server.url
    settings.STRIPE_MAX_NETWORK_RETRIES = "0"
    settings.STRIPE_TIMEOUT_SECONDS = "1"
    return stripe_server


@pytest.fixture
def no_payments(settings: Any) -> None:
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""
    settings.STRIPE_API_BASE = ""


@contextmanager
def committed() -> Iterator[None]:
    """Run what the code inside asks to do after its commit (e-mails), as a real commit would.

    Non-transactional tests run inside a transaction that never commits, so without this the
    shop's `transaction.on_commit` work would never run.
    """
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


def deliver(client: Client, event: dict[str, Any], secret: str = WEBHOOK_SECRET, **headers: str):
    """POST `event` to the webhook as Stripe would, signed with `secret`."""
    payload = json.dumps(event)
    with committed():
        return client.post(
            "/stripe/webhook/",
            data=payload,
            content_type="application/json",
            headers={"Stripe-Signature": sign_payload(payload, secret), **headers},
        )


def buy_from_story(client: Client, stripe_api, product: Product, story, block_id: str) -> Order:
    """Two units of `product` added from `story`'s block, checked out and paid, as a reader
    and Stripe would: the real cart, checkout and signed `checkout.session.completed`."""
    client.post(
        "/cart/add/",
        {"variant": product.variants.get().pk, "quantity": 2, "page": story.pk, "block": block_id},
    )
    client.post("/checkout/")
    order = Order.objects.get()
    session = stripe_api.complete_session(order.provider_checkout_id)
    deliver(client, stripe_api.event("checkout.session.completed", session))
    order.refresh_from_db()
    return order


def reconcile(*args: str) -> str:
    """Run `manage.py reconcile_payments` and return what it printed."""
    output = StringIO()
    with committed():
        call_command("reconcile_payments", *args, stdout=output, stderr=StringIO())
    return output.getvalue()


@pytest.fixture
def mail_outage(settings: Any) -> None:
    """Every e-mail the shop sends fails, as during an SMTP outage."""
    settings.MAILERS = {"default": {"BACKEND": "tests.commerce.mail_outage.OutageBackend"}}


@pytest.fixture
def coffee(db) -> Product:
    return ProductFactory(name="Kopi Gayo", price="125000.00", stock=10, sku="KOPI-GAYO-200")


@pytest.fixture
def story(stories, coffee: Product) -> ArticlePage:
    """A published story with one product card (the coffee)."""
    return article(stories, title="From Gayo to your cup", body=product_cards([coffee]))


@pytest.fixture
def block_id(story: ArticlePage) -> str:
    return story.body[0].id


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with nothing counted against its client (storyshop.ratelimits)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _postgresql_only(request: pytest.FixtureRequest) -> None:
    """Tests marked `postgres` need real row locks; on SQLite they are skipped, saying why."""
    from django.db import connection

    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (CI runs both)")


@pytest.fixture
def wagtail_tree(transactional_db: None) -> None:
    """What the migrations create (locale, root collection, page tree, default site), made again
    when a transactional test before this one flushed it."""
    from wagtail.models import Collection, Locale, Page, Site

    from storyshop.home.models import HomePage

    locale, _ = Locale.objects.get_or_create(language_code="en")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=locale)
    if not Site.objects.filter(is_default_site=True).exists():
        home = root.add_child(instance=HomePage(title="Home", slug="home", locale=locale))
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


def success_url(checkout_id: str) -> str:
    """The success page the provider sends the reader back to for this checkout: it names the
    shop's order reference."""
    reference = Order.objects.values_list("reference", flat=True).get(
        provider_checkout_id=checkout_id
    )
    return f"/checkout/success/?order={reference}"
