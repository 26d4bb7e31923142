"""The one rate-limit mechanism (storyshop.ratelimits): who a client is, what is stored about
it, and what happens when its settings or the cache are wrong (issue 10, findings 1 and 7)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

from commerce.shop.checks import check_rate_limits
from storyshop import ratelimits
from tests.factories import ProductFactory


def request_from(address: str, **headers: str):
    return RequestFactory().get("/", REMOTE_ADDR=address, headers=headers)


@pytest.mark.parametrize(
    ("address", "client"),
    [
        ("203.0.113.7", "203.0.113.7/32"),
        ("::ffff:203.0.113.7", "203.0.113.7/32"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("", "unknown"),
        ("not an address", "unknown"),
    ],
)
def test_a_client_is_an_ipv4_address_or_an_ipv6_64(address, client):
    assert ratelimits.client_range(request_from(address)) == client


def test_what_is_kept_is_a_keyed_hash_never_the_address(settings):
    key = ratelimits.client_key(request_from("203.0.113.7"))

    assert len(key) == 64
    assert "203.0.113" not in key
    assert key == ratelimits.client_key(request_from("203.0.113.7"))
    assert key != ratelimits.client_key(request_from("203.0.113.8"))
    settings.SECRET_KEY = "another-secret"
    assert key != ratelimits.client_key(request_from("203.0.113.7"))


def test_forwarded_headers_a_client_sends_are_never_trusted():
    spoofed = request_from("203.0.113.7", x_forwarded_for="198.51.100.1", x_real_ip="10.0.0.1")

    assert ratelimits.client_range(spoofed) == "203.0.113.7/32"


@pytest.mark.django_db
def test_rotating_forwarded_for_headers_does_not_escape_the_limit(settings):
    settings.STORYSHOP_CART_LIMIT = "2"
    variant = ProductFactory(stock=10).variants.get()

    answers = [
        Client().post(
            "/cart/add/",
            {"variant": variant.pk, "quantity": 1},
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
        )
        for n in range(3)
    ]

    assert [answer.status_code for answer in answers] == [303, 303, 429]


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("STORYSHOP_SEARCH_LIMIT", "many", "STORYSHOP_SEARCH_LIMIT='many' is not a whole number"),
        ("STORYSHOP_SUGGEST_LIMIT", "0", "must be between 1 and 100000"),
        ("STORYSHOP_CART_LIMIT", "-5", "must be between 1 and 100000"),
        ("STORYSHOP_CHECKOUT_LIMIT", "0", "must be between 1 and 100000"),
        ("STORYSHOP_CHECKOUT_LOOKUP_LIMIT", "1.5", "is not a whole number"),
        ("STORYSHOP_RATE_LIMIT_SCALE", "0", "must be more than 0"),
        ("STORYSHOP_RATE_LIMIT_SCALE", "lots", "is not a number"),
        ("STORYSHOP_RATE_LIMIT_SCALE", "NaN", "must be more than 0"),
    ],
)
def test_each_bad_rate_limit_setting_is_reported_once(settings, setting, value, message):
    setattr(settings, setting, value)

    errors = check_rate_limits()

    assert [error.id for error in errors] == ["commerce.E002"]
    assert message in errors[0].msg
    limit = next((limit for limit in ratelimits.LIMITS if limit.setting == setting), None)
    with pytest.raises(ImproperlyConfigured, match=setting):
        ratelimits.allowance(limit or ratelimits.SEARCH)


def test_the_default_rate_limits_pass_the_check():
    assert check_rate_limits() == []


class BrokenCache:
    """A cache server that is down."""

    def add(self, *args, **kwargs):
        raise ConnectionError("cache is down")

    incr = set = get = add


def test_when_the_cache_is_down_requests_are_served(monkeypatch, caplog):
    monkeypatch.setattr(ratelimits, "cache", BrokenCache())

    verdict = ratelimits.count_request(ratelimits.SEARCH, request_from("203.0.113.7"))

    assert verdict.allowed
    assert "not counted: the cache failed" in caplog.text
