"""The admin sign-in resists password guessing: per account and per address, the same answer
whether or not the account exists, for a configurable window that staff can clear."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct-horse-battery"
LOCKED = "Too many failed sign-in attempts"


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_ten_wrong_passwords_then_the_right_one_is_refused(client, editor):
    answers = [sign_in(client, "editor", f"guess-{n}").status_code for n in range(10)]

    right = sign_in(client, "editor", PASSWORD)

    assert answers[:4] == [200] * 4  # the form again: "do not match"
    assert set(answers[4:]) == {429}  # the fifth failure locks
    assert right.status_code == 429
    assert LOCKED in right.content.decode()
    assert "15 minutes" in right.content.decode()
    assert int(right["Retry-After"]) == 15 * 60
    assert not signed_in(client)


def test_guessing_one_account_from_many_addresses_locks_the_account(client, editor):
    for n in range(5):
        sign_in(client, "editor", f"guess-{n}", address=f"198.51.100.{n}")

    assert sign_in(Client(), "editor", PASSWORD, address="192.0.2.99").status_code == 429


def test_guessing_many_accounts_from_one_address_locks_the_address(client, editor):
    for n in range(5):
        sign_in(client, f"user-{n}", "guess", address="198.51.100.1")

    assert sign_in(Client(), "editor", PASSWORD, address="198.51.100.1").status_code == 429
    other = Client()
    assert sign_in(other, "editor", PASSWORD, address="198.51.100.2").status_code == 302
    assert signed_in(other)


def test_an_ipv6_client_cannot_rotate_out_of_its_network(client, editor):
    for n in range(5):
        sign_in(client, f"user-{n}", "guess", address=f"2001:db8:1:2::{n + 1}")

    locked = sign_in(Client(), "editor", PASSWORD, address="2001:db8:1:2:ffff::1")
    elsewhere = sign_in(Client(), "editor", PASSWORD, address="2001:db8:1:3::1")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302


def comparable(response) -> str:
    """The page without its CSRF tokens (masked anew on every page)."""
    return re.sub(r"[A-Za-z0-9]{64}", "<token>", response.content.decode())


def test_a_throttled_unknown_account_looks_like_a_throttled_known_one(editor):
    answers = {}
    for username in ("editor", "nobody"):
        for n in range(6):
            answer = sign_in(Client(), username, f"guess-{n}", address=f"198.51.100.{n}")
        answers[username] = answer

    known, unknown = answers["editor"], answers["nobody"]
    assert known.status_code == unknown.status_code == 429
    assert known["Retry-After"] == unknown["Retry-After"]
    assert comparable(known) == comparable(unknown)


def test_the_lock_ends_after_the_window(client, editor):
    from axes.models import AccessAttempt

    for n in range(6):
        sign_in(client, "editor", f"guess-{n}")
    assert sign_in(client, "editor", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert sign_in(client, "editor", PASSWORD).status_code == 302
    assert signed_in(client)


def test_staff_clear_a_lock_with_a_command(client, editor):
    for n in range(6):
        sign_in(client, "editor", f"guess-{n}", address=f"198.51.100.{n}")
    assert sign_in(client, "editor", PASSWORD).status_code == 429

    call_command("axes_reset_username", "editor")

    assert sign_in(client, "editor", PASSWORD).status_code == 302
