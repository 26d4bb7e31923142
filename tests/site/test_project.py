from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    output = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=output)

    assert "No changes detected" in output.getvalue()


@pytest.mark.django_db  # model checks ask the database about its features (JSONField support)
def test_system_checks_pass():
    call_command("check", "--fail-level", "WARNING")


def test_robots_and_unknown_pages(client, db):
    assert client.get("/no-such-page/").status_code == 404
