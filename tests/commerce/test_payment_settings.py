"""The STRIPE_* settings are checked in one place and reported by a system check."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from commerce.shop.checks import check_payment_settings

GOOD = {
    "STRIPE_SECRET_KEY": "sk_test_1",
    "STRIPE_WEBHOOK_SECRET": "whsec_1",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_1",
    "STRIPE_API_BASE": "",
}


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("STRIPE_SECRET_KEY", "pk_test_oops", "must be a secret (sk_...)"),
        ("STRIPE_WEBHOOK_SECRET", "", "STRIPE_WEBHOOK_SECRET is not set"),
        ("STRIPE_WEBHOOK_SECRET", "secret", "webhook signing secret (whsec_...)"),
        ("STRIPE_PUBLISHABLE_KEY", "sk_test_1", "publishable key (pk_...)"),
        ("STRIPE_API_BASE", "localhost:1234", "is not an http(s) URL"),
        ("STRIPE_MAX_NETWORK_RETRIES", "many", "is not a whole number"),
        ("STRIPE_MAX_NETWORK_RETRIES", "50", "must be between 0 and 10"),
        ("STRIPE_TIMEOUT_SECONDS", "0", "must be more than 0"),
        ("STRIPE_CHECKOUT_EXPIRY_MINUTES", "10", "must be between 30 and 1440"),
        ("STRIPE_CHECKOUT_EXPIRY_MINUTES", "1441", "must be between 30 and 1440"),
        ("STORYSHOP_CURRENCY", "rupiah", "three-letter ISO 4217 code"),
        ("STORYSHOP_MAX_CHECKOUT_UNITS", "0", "must be between 1 and 10000"),
        ("STORYSHOP_MAX_OPEN_CHECKOUTS", "many", "is not a whole number"),
        ("STORYSHOP_MAX_HOLD_SHARE", "25%", "is not a number"),
        ("STORYSHOP_MAX_HOLD_SHARE", "1.5", "must be more than 0 and at most 1"),
        ("STORYSHOP_MAX_HOLD_SHARE", "0", "must be more than 0 and at most 1"),
    ],
)
def test_each_bad_payment_setting_is_reported(settings, setting, value, message):
    for name, good in GOOD.items():
        setattr(settings, name, good)
    setattr(settings, setting, value)

    errors = check_payment_settings()

    assert [error.id for error in errors] == ["commerce.E001"]
    assert message in errors[0].msg


def test_good_settings_and_no_settings_pass(settings):
    for name, good in GOOD.items():
        setattr(settings, name, good)
    assert check_payment_settings() == []
    settings.STRIPE_SECRET_KEY = settings.STRIPE_WEBHOOK_SECRET = (
        settings.STRIPE_PUBLISHABLE_KEY
    ) = ""
    assert check_payment_settings() == []


@pytest.mark.django_db  # model checks ask the database about its features
def test_manage_check_fails_on_bad_payment_settings(settings):
    settings.STRIPE_SECRET_KEY = "nonsense"

    with pytest.raises(SystemCheckError, match="STRIPE_SECRET_KEY"):
        call_command("check")


@pytest.mark.django_db
def test_a_secret_key_without_a_webhook_secret_means_payments_are_off_and_say_so(
    client, settings, story, coffee
):
    from commerce.shop.models import Order

    for name, good in GOOD.items():
        setattr(settings, name, good)
    settings.STRIPE_WEBHOOK_SECRET = ""

    html = client.get(story.url).content.decode()
    checkout = client.post("/checkout/", {"variant": coffee.variants.get().pk, "quantity": 1})
    webhook = client.post("/stripe/webhook/", data="{}", content_type="application/json")

    assert "Buy now" not in html
    assert "Payments are not configured" in html
    assert checkout.status_code == 503
    assert "Payments are not configured on this site yet" in checkout.content.decode()
    assert not Order.objects.exists()
    assert webhook.status_code == 503
