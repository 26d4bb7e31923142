"""A shop's database made before the layers (commit c77bfa5) upgrades to them and keeps working.

The restructure moved models between apps without rebuilding a table: creator profiles from
`content` to `creators`, the catalogue (products, variants, tags, pictures, reviews) from
`commerce` to `catalogue`, their content types relabelled in place, and a review's purchase
into the shop's `ReviewedPurchase`. Tests that build their database from today's migrations
never run those steps against rows an older release wrote, so this one does what an upgrading
site does: the code of c77bfa5 migrates a database of its own, loads the demo and sells a
paid order with a review; then this checkout's code migrates that database and serves it.

Both releases run as `manage.py` subprocesses (each with its own code on the import path), on a
database of this test's own: a SQLite file, or a fresh PostgreSQL database on the server of the
suite's when the suite runs on PostgreSQL. The suite's test database is never touched.
"""

import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

pytestmark = pytest.mark.upgrade

REPO_ROOT = Path(__file__).resolve().parents[2]
# The last commit before the restructure: one app `commerce` for catalogue and shop, creator
# profiles in `content`.
BEFORE_THE_LAYERS = "c77bfa5"
SITE_URL = "http://127.0.0.1:8000"
# Where each moved model's content type lives after the upgrade.
MOVED_MODELS = {
    "commerce.product": "catalogue.product",
    "commerce.productvariant": "catalogue.productvariant",
    "commerce.producttag": "catalogue.producttag",
    "commerce.productgalleryimage": "catalogue.productgalleryimage",
    "commerce.review": "catalogue.review",
    "content.creatorprofile": "creators.creatorprofile",
}
# Settings read from the environment: the runs get only the ones set below, whatever the shell
# running the suite has (an Elasticsearch, Redis or Stripe of its own, another database).
CONFIGURATION_PREFIXES = ("DJANGO_", "STORYSHOP_", "STRIPE_", "ELASTICSEARCH_")
CONFIGURATION_NAMES = {"DATABASE_URL", "REDIS_URL", "PYTHONPATH", "WAGTAILADMIN_BASE_URL"}
SUBPROCESS_TIMEOUT_SECONDS = 300

# Scripts run in each release's `manage.py shell` (see their docstrings).
SCRIPTS = Path(__file__).resolve().parent / "scripts"


def export_commit(commit: str, target: Path) -> None:
    """Write the files of `commit` of this repository into `target` (skip if it is missing)."""
    try:
        known = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "cat-file", "-e", f"{commit}^{{commit}}"],
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        pytest.skip("git is not installed: the code before the layers cannot be exported")
    if known.returncode != 0:
        pytest.skip(
            f"Commit {commit} (before the layers) is not in this clone (a shallow clone?): "
            "fetch the full history to test the upgrade from it."
        )
    archive = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", "--format=tar", commit],
        capture_output=True,
        check=True,
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")


def storyshop_environment(code: Path, database_url: str, var_dir: Path) -> dict[str, str]:
    """The environment of one release's `manage.py`: its own code first on the import path
    (ahead of the editable install), the dev settings, and the upgrade's database and files."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(CONFIGURATION_PREFIXES) and name not in CONFIGURATION_NAMES
    }
    environment.update(
        PYTHONPATH=f"{code}{os.pathsep}{code / 'site'}",
        # The dev settings, in both releases: media in STORYSHOP_VAR_DIR, where the old
        # release's demo put its pictures, and the same (development) SECRET_KEY that signed
        # the buyer's review links.
        DJANGO_SETTINGS_MODULE="storyshop.settings.dev",
        STORYSHOP_VAR_DIR=str(var_dir),
        DATABASE_URL=database_url,
        WAGTAILADMIN_BASE_URL=SITE_URL,
    )
    return environment


def manage(code: Path, environment: dict[str, str], *arguments: str) -> str:
    """Run `manage.py` of the release in `code` and return its output; fail with its errors."""
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=code,
        env=environment,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0:
        command = " ".join(arguments[:2])
        pytest.fail(
            f"manage.py {command} failed in {code} (exit {result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}",
            pytrace=False,
        )
    return result.stdout


def run_script(code: Path, environment: dict[str, str], script: str) -> dict:
    """Run `script` in the release's `manage.py shell` and return the JSON it printed last."""
    output = manage(code, environment, "shell", "--verbosity", "0", "--command", script)
    return json.loads(output.strip().splitlines()[-1])


def relabelled_permission(permission: str) -> str:
    """The name of a permission after the upgrade: "commerce.add_product" is now
    "catalogue.add_product" (the same row, its content type relabelled)."""
    app, codename = permission.split(".")
    model = f"{app}.{codename.split('_', 1)[1]}"
    if model not in MOVED_MODELS:
        return permission
    return f"{MOVED_MODELS[model].split('.')[0]}.{codename}"


def suite_runs_on_postgresql() -> bool:
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


def maintenance_connection(server_url: str) -> psycopg.Connection:
    """A connection to the `postgres` database of the suite's server, for CREATE/DROP DATABASE."""
    return psycopg.connect(
        urlsplit(server_url)._replace(path="/postgres").geturl(), autocommit=True
    )


def visits_after_the_upgrade(before: dict) -> dict:
    """What readers, the buyer and an editor open on the upgraded site, and what each page must
    show: the stories and products, the buyer's review links (the reviewed one refused, the
    other still writing a review) and the admin listings of the moved models."""
    [reviewed_link, unreviewed_link] = before["review_links"]
    product = before["product"]
    return {
        "home page": {"path": "/", "shows": [before["story"]]},
        "story with products": {"path": before["story"], "shows": [product["name"]]},
        "product page": {
            "path": product["url"],
            "shows": [product["name"], product["price"], before["review"]["title"]],
        },
        "admin login": {"path": "admin:login", "shows": ["password"]},
        "admin products": {
            "path": "admin:catalogue.product",
            "as_editor": True,
            "shows": [product["name"]],
        },
        "admin reviews": {
            "path": "admin:catalogue.review",
            "as_editor": True,
            "shows": [before["review"]["author"]],
        },
        "admin creators": {
            "path": "admin:creators.creatorprofile",
            "as_editor": True,
            "shows": [before["creator"]],
        },
        "reviewed link": {"path": reviewed_link, "shows": ["already reviewed"]},
        "unreviewed link": {"path": unreviewed_link, "shows": [before["order"]["reference"]]},
        "review posted": {
            "path": unreviewed_link,
            "post": {"rating": "4", "title": "", "body": "Smells of pandan.", "author_name": "Ayu"},
            "shows": ["Thank you for your review"],
        },
    }


@pytest.fixture(scope="module")
def upgrade_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The database the old release creates and the new one upgrades: a SQLite file, or, when
    the suite runs on PostgreSQL, a new database on its server, dropped afterwards."""
    if not suite_runs_on_postgresql():
        yield f"sqlite:///{tmp_path_factory.mktemp('upgrade-database') / 'db.sqlite3'}"
        return
    # The suite's own URL (its server and credentials) names the server: settings come from it.
    server_url = os.environ["DATABASE_URL"]
    name = f"storyshop_upgrade_{secrets.token_hex(4)}"
    with maintenance_connection(server_url) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(server_url)._replace(path=f"/{name}").geturl()
    finally:
        with maintenance_connection(server_url) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The upgraded site's local files (media), shared by both releases."""
    return tmp_path_factory.mktemp("upgrade-var")


@pytest.fixture(scope="module")
def shop_before_the_layers(
    tmp_path_factory: pytest.TempPathFactory, upgrade_database_url: str, var_dir: Path
) -> dict:
    """What the old release's shop holds after it made the database and sold an order."""
    code = tmp_path_factory.mktemp("before-the-layers")
    export_commit(BEFORE_THE_LAYERS, code)
    environment = storyshop_environment(code, upgrade_database_url, var_dir)
    manage(code, environment, "migrate", "--no-input")
    manage(code, environment, "load_demo")
    environment["STORYSHOP_UPGRADE_MOVED_MODELS"] = json.dumps(list(MOVED_MODELS))
    return run_script(code, environment, (SCRIPTS / "sell_before_the_layers.py").read_text())


@pytest.fixture(scope="module")
def upgraded_shop(shop_before_the_layers: dict, upgrade_database_url: str, var_dir: Path) -> dict:
    """What this checkout's code finds and serves after migrating the old database."""
    before = shop_before_the_layers
    environment = storyshop_environment(REPO_ROOT, upgrade_database_url, var_dir)
    manage(REPO_ROOT, environment, "migrate", "--no-input")
    # The upgraded history and today's models agree: nothing is left for makemigrations.
    manage(REPO_ROOT, environment, "makemigrations", "--check", "--dry-run")
    check = {
        "reference": before["order"]["reference"],
        "content_types": list(before["content_types"].values()),
        "old_labels": list(MOVED_MODELS),
        "host": urlsplit(SITE_URL).hostname,
        "port": str(urlsplit(SITE_URL).port),
        "visits": visits_after_the_upgrade(before),
    }
    environment["STORYSHOP_UPGRADE_CHECK"] = json.dumps(check)
    return run_script(REPO_ROOT, environment, (SCRIPTS / "check_after_the_upgrade.py").read_text())


def test_the_paid_order_keeps_its_lines_and_the_creators_commission(
    shop_before_the_layers, upgraded_shop
):
    before, after = shop_before_the_layers, upgraded_shop

    assert after["order"] == before["order"]
    assert after["commission"] == before["commission"]
    assert after["creator"] == before["creator"]
    assert after["counts"] == before["counts"]


def test_the_review_is_still_the_buyers_of_that_order_line(shop_before_the_layers, upgraded_shop):
    review = shop_before_the_layers["review"]

    assert upgraded_shop["reviewed_lines"] == {str(review["id"]): review["order_line"]}


def test_moved_models_keep_their_content_type_ids_under_their_new_apps(
    shop_before_the_layers, upgraded_shop
):
    before = shop_before_the_layers["content_types"]

    assert upgraded_shop["content_types"] == {
        str(content_type_id): MOVED_MODELS[label] for label, content_type_id in before.items()
    }
    assert upgraded_shop["old_labels_left"] == []


def test_editors_keep_their_permissions_on_products_reviews_and_creators(
    shop_before_the_layers, upgraded_shop
):
    kept = {relabelled_permission(permission) for permission in shop_before_the_layers["editors"]}

    # Later releases may grant more (e.g. publishing); the upgrade takes nothing away.
    assert kept <= set(upgraded_shop["editors"])
    assert {"catalogue.change_product", "catalogue.change_review"} <= kept
    assert "creators.change_creatorprofile" in kept


def test_the_upgraded_site_serves_readers_buyers_and_editors(shop_before_the_layers, upgraded_shop):
    visits = upgraded_shop["visits"]
    expected_status = {"reviewed link": 409}

    assert visits == {
        name: {"status": expected_status.get(name, 200), "missing": []} for name in visits
    }
    # The buyer's second link wrote its review, recorded as that line's purchase.
    assert upgraded_shop["reviewed_lines_at_the_end"] == [
        line_id for line_id, *_ in shop_before_the_layers["order"]["lines"]
    ]
