"""SQLite under concurrent requests, with Django's defaults and with Storyshop's settings.

`make run` serves SQLite with runserver, one thread per request. With Django's defaults (a
rollback journal, DEFERRED transactions, a 5 s busy timeout) two requests that both write
collide: the second upgrades its read lock to a write lock and fails at once with "database is
locked". Storyshop's settings (WAL, BEGIN IMMEDIATE, a 20 s busy timeout:
storyshop/settings/environment.py `configure_sqlite`) queue the writers instead. For each set
of settings this script starts `manage.py runserver` (dev settings) on a copy of one demo
database, then

- delivers one signed `checkout.session.completed` event 10 times at once, for several orders;
- runs a short mixed load: readers read stories, add to their carts, check out, and the Stripe
  stand-in delivers each payment's webhook twice at once;

and prints the requests, the 5xx answers and the "database is locked" errors the server logged.

    .venv/bin/python bench/sqlite_concurrency.py [--rounds 5] [--seconds 15] [--readers 8]
"""

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from tests.commerce.stripe_stand_in import StripeStandIn, sign_payload  # noqa: E402

WEBHOOK_SECRET = "whsec_bench_sqlite"
# Django's own SQLite behaviour: what Storyshop ran with before `configure_sqlite`.
DJANGO_DEFAULTS = """from storyshop.settings.dev import *  # noqa: F403
from storyshop.settings.dev import DATABASES

DATABASES["default"]["OPTIONS"] = {}
"""
CATALOGUE = """import json
from wagtail.models import Page
from commerce.catalogue.models import Product
from content.page_types import story_page_types
cards = []
for story in Page.objects.live().public().type(*story_page_types()).specific():
    for block in story.body.raw_data:
        if block["type"] == "product_card":
            variant = Product.objects.get(pk=block["value"]["product"]).variants.first()
            if variant is not None:
                cards.append([story.url, variant.pk, story.pk, block["id"]])
print(json.dumps(cards))
"""
SETTINGS = {"Django's defaults": "bench_sqlite_defaults", "Storyshop": "storyshop.settings.dev"}


class Shop:
    """runserver on a copy of the demo database, under one settings module."""

    def __init__(self, folder: Path, settings: str, stripe_url: str) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.folder = folder
        self.log = folder / "server.log"
        self.environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STRIPE_"))},
            "PYTHONPATH": str(folder.parent),
            "DJANGO_SETTINGS_MODULE": settings,
            "STORYSHOP_VAR_DIR": str(folder),
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "STORYSHOP_LOG_LEVEL": "WARNING",
            "STRIPE_SECRET_KEY": "sk_test_bench",
            "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "STRIPE_API_BASE": stripe_url,
            "STRIPE_MAX_NETWORK_RETRIES": "0",
            # Every bench reader is 127.0.0.1: the per-client limits are lifted.
            "STORYSHOP_CHECKOUT_LIMIT": "10000",
            "STORYSHOP_RATE_LIMIT_SCALE": "1000",
            "STORYSHOP_MAX_HOLD_SHARE": "1",
            "STORYSHOP_MAX_OPEN_CHECKOUTS": "10000",
        }
        self.process: subprocess.Popen | None = None

    def manage(self, *arguments: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=REPOSITORY,
            env=self.environment,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{result.stderr}")
        return result.stdout

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=REPOSITORY,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("w"),
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"runserver did not start: see {self.log}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def locked_errors(self) -> int:
        return self.log.read_text(errors="replace").count("database is locked")


class Reader:
    """One browser: its cookies and the statuses it got."""

    def __init__(self, shop: Shop, statuses: Counter, lock: threading.Lock) -> None:
        self.shop = shop
        self.statuses = statuses
        self.lock = lock
        self.cookies: dict[str, str] = {}

    def request(
        self, kind: str, method: str, path: str, body: str | None = None, **headers: str
    ) -> tuple[int, dict[str, str]]:
        headers = {"Host": f"127.0.0.1:{self.shop.port}", **headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = HTTPConnection("127.0.0.1", self.shop.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status, answer = response.status, {k.lower(): v for k, v in response.getheaders()}
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, cookie = value.split(";", 1)[0].partition("=")
                    self.cookies[key.strip()] = cookie.strip()
        except OSError:
            status, answer = 599, {}
        finally:
            connection.close()
        with self.lock:
            self.statuses[(kind, status)] += 1
        return status, answer

    def post_form(self, kind: str, path: str, fields: dict) -> tuple[int, dict[str, str]]:
        origin = f"http://127.0.0.1:{self.shop.port}"
        return self.request(
            kind,
            "POST",
            path,
            urlencode(fields),
            **{
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.cookies.get("csrftoken", ""),
                "Origin": origin,
                "Referer": origin + "/",
                "Accept": "application/json",
            },
        )

    def buy(self, card: list, stripe: StripeStandIn) -> str | None:
        """Read the story, add its product, check out; the Stripe session's id, if one."""
        url, variant, page, block = card
        self.request("read story", "GET", url)
        self.post_form(
            "add to cart",
            "/cart/add/",
            {"variant": variant, "quantity": 1, "page": page, "block": block},
        )
        status, answer = self.post_form("checkout", "/checkout/", {})
        location = answer.get("location", "")
        if status != 303 or not location.startswith(stripe.url):
            return None
        return urlsplit(location).path.rstrip("/").split("/")[-1]

    def deliver(self, payload: str) -> None:
        self.request(
            "webhook",
            "POST",
            "/stripe/webhook/",
            payload,
            **{
                "Content-Type": "application/json",
                "Stripe-Signature": sign_payload(payload, WEBHOOK_SECRET),
            },
        )


def at_once(count: int, target, *args) -> None:
    """Run `target(*args)` in `count` threads released together."""
    barrier = threading.Barrier(count)

    def run() -> None:
        barrier.wait()
        target(*args)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def paid_event(stripe: StripeStandIn, session_id: str) -> str:
    return json.dumps(
        stripe.event("checkout.session.completed", stripe.complete_session(session_id))
    )


def webhook_bursts(shop: Shop, stripe: StripeStandIn, cards: list, rounds: int) -> Counter:
    statuses: Counter = Counter()
    reader = Reader(shop, statuses, threading.Lock())
    for index in range(rounds):
        session_id = Reader(shop, Counter(), threading.Lock()).buy(
            cards[index % len(cards)], stripe
        )
        if session_id is not None:
            at_once(10, reader.deliver, paid_event(stripe, session_id))
    return statuses


def mixed_load(
    shop: Shop, stripe: StripeStandIn, cards: list, seconds: float, readers: int
) -> Counter:
    statuses: Counter = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def visit() -> None:
        rng = random.Random()
        while time.monotonic() < deadline:
            reader = Reader(shop, statuses, lock)
            card = rng.choice(cards)
            if rng.random() < 0.6:
                reader.request("read story", "GET", card[0])
                continue
            session_id = reader.buy(card, stripe)
            if session_id is not None and rng.random() < 0.7:
                at_once(2, reader.deliver, paid_event(stripe, session_id))

    threads = [threading.Thread(target=visit) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def summary(statuses: Counter) -> str:
    total = sum(statuses.values())
    errors = sum(n for (_, status), n in statuses.items() if status >= 500)
    kinds = sorted({kind for kind, _ in statuses})
    detail = "; ".join(
        kind
        + " "
        + " ".join(f"{status}x{n}" for (k, status), n in sorted(statuses.items()) if k == kind)
        for kind in kinds
    )
    return f"{total} requests, {errors} 5xx ({detail})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="orders whose webhook comes 10x")
    parser.add_argument("--seconds", type=float, default=15, help="mixed load, at most 60")
    parser.add_argument("--readers", type=int, default=8)
    arguments = parser.parse_args()
    stripe = StripeStandIn().start()
    with tempfile.TemporaryDirectory(prefix="storyshop-bench-sqlite-") as work:
        work_dir = Path(work)
        (work_dir / "bench_sqlite_defaults.py").write_text(DJANGO_DEFAULTS)
        demo = Shop(work_dir / "demo", SETTINGS["Django's defaults"], stripe.url)
        demo.folder.mkdir()
        demo.manage("migrate", "--no-input")
        demo.manage("load_demo")
        cards = json.loads(demo.manage("shell", "-c", CATALOGUE).strip().splitlines()[-1])
        print(f"runserver (make run), dev settings; {len(cards)} product cards in the demo")
        for label, settings in SETTINGS.items():
            folder = work_dir / settings
            folder.mkdir()
            shutil.copy(demo.folder / "db.sqlite3", folder / "db.sqlite3")
            shop = Shop(folder, settings, stripe.url)
            shop.start()
            try:
                bursts = webhook_bursts(shop, stripe, cards, arguments.rounds)
                load = mixed_load(
                    shop, stripe, cards, min(arguments.seconds, 60), arguments.readers
                )
            finally:
                shop.stop()
            webhooks = Counter({key: n for key, n in bursts.items() if key[0] == "webhook"})
            print(f"{label}:")
            print(
                f"  one event delivered 10x at once, {arguments.rounds} orders: {summary(webhooks)}"
            )
            readers = f"{arguments.readers} readers for {arguments.seconds:.0f} s"
            print(f"  mixed load, {readers}: {summary(load)}")
            print(f"  'database is locked' in the server log: {shop.locked_errors()}")
    stripe.stop()


if __name__ == "__main__":
    main()
