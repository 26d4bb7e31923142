"""A bounded, mixed load on a real server: readers read, add to their carts, check out and pay,
Stripe (the local stand-in) sends its webhooks, some twice and at once. Prints requests, 5xx,
latency (p50/p99) per kind, and what must never happen: units oversold, orders paid twice,
paid orders lost.

    .venv/bin/python bench/load_mix.py                      # SQLite, `make run`'s server
    .venv/bin/python bench/load_mix.py --database postgres  # PostgreSQL, gunicorn, production

It makes its own database (a SQLite file, or PostgreSQL database `bench_load` on
127.0.0.1:5432), migrates it and loads the demo, starts the server on a free loopback port and
the Stripe stand-in, then runs `--readers` readers for `--seconds` (at most 60).
"""

import argparse
import io
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from tests.commerce.stripe_stand_in import StripeStandIn, sign_payload  # noqa: E402

WEBHOOK_SECRET = "whsec_bench_load"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
MAX_SECONDS = 60
# Limits a real shop keeps low; every bench reader shares 127.0.0.1, so they are raised here.
GENEROUS_LIMITS = {
    "STORYSHOP_CHECKOUT_LIMIT": "10000",
    "STORYSHOP_RATE_LIMIT_SCALE": "1000",
    "STORYSHOP_MAX_HOLD_SHARE": "1",
    "STORYSHOP_MAX_OPEN_CHECKOUTS": "10000",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """The shop under load: its environment, its process and where it listens."""

    database: str
    port: int
    environment: dict[str, str]
    process: subprocess.Popen | None = None

    def manage(self, *arguments: str, settings: str = "storyshop.settings.dev") -> None:
        environment = {**self.environment, "DJANGO_SETTINGS_MODULE": settings}
        subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=REPOSITORY,
            env=environment,
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        if self.database == "sqlite":
            command = [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                f"127.0.0.1:{self.port}",
            ]
            environment = {**self.environment, "DJANGO_SETTINGS_MODULE": "storyshop.settings.dev"}
        else:
            command = [
                sys.executable, "-m", "gunicorn", "storyshop.wsgi", "--bind",
                f"127.0.0.1:{self.port}", "--workers", "2", "--threads", "4",
                "--access-logfile", "-",
            ]  # fmt: skip
            environment = {
                **self.environment,
                "DJANGO_SETTINGS_MODULE": "storyshop.settings.production",
            }
        self.process = subprocess.Popen(
            command,
            cwd=REPOSITORY,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(self.environment["STORYSHOP_VAR_DIR"]) / "server.log", "w"),  # noqa: SIM115
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start; see server.log")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


@dataclass
class Results:
    """Every request's kind, status and latency, shared by the readers."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    paid_sessions: list[str] = field(default_factory=list)

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.samples[kind].append(seconds)
            self.statuses[kind][status] += 1


class Reader:
    """One browser: its own cookies, the site's CSRF token, its cart."""

    def __init__(self, server: Server, results: Results, https: bool) -> None:
        self.server = server
        self.results = results
        self.cookies: dict[str, str] = {}
        # Production settings trust X-Forwarded-Proto from the proxy in front: the bench is it.
        self.https = https

    def request(
        self, kind: str, method: str, path: str, body: dict | None = None
    ) -> tuple[int, dict, bytes]:
        headers = {"Host": f"127.0.0.1:{self.server.port}", "Accept": "text/html"}
        origin = f"{'https' if self.https else 'http'}://127.0.0.1:{self.server.port}"
        if self.https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": self.cookies.get("csrftoken", ""),
                    "Origin": origin,
                    "Referer": origin + "/",
                    "Accept": "application/json",
                }
            )
        connection = HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            content = response.read()
            status = response.status
            response_headers = {name.lower(): value for name, value in response.getheaders()}
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    pair = value.split(";", 1)[0]
                    key, _, cookie = pair.partition("=")
                    self.cookies[key.strip()] = cookie.strip()
        except OSError:
            status, response_headers, content = 599, {}, b""
        finally:
            connection.close()
        self.results.record(kind, status, time.perf_counter() - started)
        return status, response_headers, content


@dataclass(frozen=True)
class Catalogue:
    stories: list[str]
    products: list[str]
    # (variant id, story page id, block id) of each product card in the demo's stories.
    buyable: list[tuple[int, int, str]]


def read_catalogue() -> Catalogue:
    """The demo's stories, products and product cards, read with the shop's own models."""
    from wagtail.models import Page

    from commerce.catalogue.models import Product
    from content.page_types import story_page_types

    stories = list(Page.objects.live().public().type(*story_page_types()).specific())
    buyable = []
    for story in stories:
        for block in story.body.raw_data:
            if block["type"] not in ("product_card", "buy_now"):
                continue
            variant = Product.objects.get(pk=block["value"]["product"]).variants.first()
            if variant is not None:
                buyable.append((variant.pk, story.pk, block["id"]))
    products = [product.get_absolute_url() for product in Product.objects.visible()]
    return Catalogue([story.url for story in stories], products, buyable)


def deliver(reader: Reader, event: dict) -> None:
    payload = json.dumps(event)
    headers = {
        "Host": f"127.0.0.1:{reader.server.port}",
        "Content-Type": "application/json",
        "Stripe-Signature": sign_payload(payload, WEBHOOK_SECRET),
    }
    if reader.https:
        headers["X-Forwarded-Proto"] = "https"
    connection = HTTPConnection("127.0.0.1", reader.server.port, timeout=60)
    started = time.perf_counter()
    try:
        connection.request("POST", "/stripe/webhook/", body=payload, headers=headers)
        status = connection.getresponse().status
    except OSError:
        status = 599
    finally:
        connection.close()
    reader.results.record("webhook", status, time.perf_counter() - started)


def shop(reader: Reader, catalogue: Catalogue, stripe_api: StripeStandIn, deadline: float) -> None:
    """One reader's visit after visit until the deadline: mostly reading, sometimes buying."""
    rng = random.Random()
    while time.monotonic() < deadline:
        roll = rng.random()
        if roll < 0.45:
            reader.request("read story", "GET", rng.choice(catalogue.stories))
        elif roll < 0.60:
            reader.request("read product", "GET", rng.choice(catalogue.products))
        elif roll < 0.70:
            reader.request(
                "search",
                "GET",
                "/search/?" + urlencode({"q": rng.choice(["kopi", "batik", "jamu", "tas"])}),
            )
        elif roll < 0.88:
            variant, page, block = rng.choice(catalogue.buyable)
            if "csrftoken" not in reader.cookies:
                reader.request("read story", "GET", rng.choice(catalogue.stories))
            reader.request(
                "add to cart",
                "POST",
                "/cart/add/",
                {"variant": variant, "quantity": 1, "page": page, "block": block},
            )
        else:
            check_out(reader, stripe_api, rng)


def check_out(reader: Reader, stripe_api: StripeStandIn, rng: random.Random) -> None:
    """Start the checkout of the cart; then pay (webhook once, twice or twice at once), go back,
    or walk away."""
    status, headers, _ = reader.request("checkout", "POST", "/checkout/", {})
    location = headers.get("location", "")
    if status != 303 or not location.startswith(stripe_api.url):
        return
    session_id = urlsplit(location).path.rstrip("/").split("/")[-1]
    fate = rng.random()
    if fate < 0.7:
        session = stripe_api.complete_session(session_id)
        event = stripe_api.event("checkout.session.completed", session)
        with reader.results.lock:
            reader.results.paid_sessions.append(session_id)
        deliveries = [
            threading.Thread(target=deliver, args=(reader, event))
            for _ in range(rng.choice([1, 2, 3]))
        ]
        for delivery in deliveries:
            delivery.start()
        reader.request(
            "success page", "GET", "/checkout/success/?" + urlencode({"session_id": session_id})
        )
        for delivery in deliveries:
            delivery.join()
        reader.cookies.pop("sessionid", None)  # a new reader after a purchase
    elif fate < 0.85:
        cancel_url = stripe_api.session(session_id).get("cancel_url", "")
        parts = urlsplit(cancel_url)
        reader.request("cancel page", "GET", f"{parts.path}?{parts.query}")


def invariants(paid_sessions: list[str], initial: dict[int, int]) -> dict[str, int]:
    """What must never happen, read from the database after the run."""
    from django.db.models import Count, Sum

    from commerce.catalogue.models import ProductVariant
    from commerce.shop.models import Order, OrderStatusChange, StockReservation

    def units(status: str) -> dict[int, int]:
        reservations = StockReservation.objects.filter(status=status).values("variant")
        return dict(reservations.annotate(units=Sum("quantity")).values_list("variant", "units"))

    committed, held = units("committed"), units("held")
    stock = dict(ProductVariant.objects.values_list("pk", "stock"))
    orders = dict(
        Order.objects.filter(provider_checkout_id__in=paid_sessions).values_list(
            "provider_checkout_id", "status"
        )
    )
    paid_changes = OrderStatusChange.objects.filter(status="paid").values("order")
    return {
        "oversold": sum(max(committed.get(pk, 0) - units, 0) for pk, units in initial.items()),
        "unbalanced": sum(
            1
            for pk, units in initial.items()
            if stock[pk] + held.get(pk, 0) + committed.get(pk, 0) != units
        ),
        "paid_twice": paid_changes.annotate(n=Count("pk")).filter(n__gt=1).count(),
        "lost": sum(1 for session in paid_sessions if orders.get(session) != "paid"),
        "orders": Order.objects.count(),
        "paid": Order.objects.filter(status="paid").count(),
    }


def initial_stock() -> dict[int, int]:
    from commerce.catalogue.models import ProductVariant

    return dict(ProductVariant.objects.values_list("pk", "stock"))


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def prepare(arguments: argparse.Namespace, var_dir: Path, stripe_api: StripeStandIn) -> Server:
    port = free_port()
    if arguments.database == "sqlite":
        database_url = f"sqlite:///{var_dir / 'db.sqlite3'}"
    else:
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "bench_load"], check=True
        )
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "bench_load"], check=True)
        database_url = f"{POSTGRES_SERVER}/bench_load"
    environment = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "STRIPE_", "STORYSHOP_", "ELASTICSEARCH_"))
    }  # fmt: skip
    environment.update(
        DATABASE_URL=database_url,
        STORYSHOP_VAR_DIR=str(var_dir),
        STORYSHOP_LOG_LEVEL="WARNING",
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
        DJANGO_SECRET_KEY="bench-load-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        STRIPE_SECRET_KEY="sk_test_bench",
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_API_BASE=stripe_api.url,
        STRIPE_MAX_NETWORK_RETRIES="0",
        **GENEROUS_LIMITS,
    )
    server = Server(arguments.database, port, environment)
    # This process reads and checks the same database with the shop's models.
    os.environ.update(environment, DJANGO_SETTINGS_MODULE="storyshop.settings.dev")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--no-input", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    if arguments.database == "postgres":
        server.manage("collectstatic", "--no-input", settings="storyshop.settings.production")
    return server


def server_errors(log: Path) -> Counter:
    """The exceptions the server logged (their last traceback line), by message."""
    pattern = re.compile(r"^[\w.]+(Error|Exception|Exit): .*")
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    return Counter(line[:160] for line in lines if pattern.match(line))


def report(arguments: argparse.Namespace, results: Results, checks: dict, seconds: float) -> None:
    total = sum(sum(counter.values()) for counter in results.statuses.values())
    errors = sum(
        n for counter in results.statuses.values() for status, n in counter.items() if status >= 500
    )
    server = (
        "runserver (make run), dev settings"
        if arguments.database == "sqlite"
        else "gunicorn 2 workers x 4 threads, production settings"
    )
    print(f"{arguments.database}, {server}; {arguments.readers} readers for {seconds:.0f} s")
    print(f"  requests {total} ({total / seconds:.1f}/s), 5xx {errors}")
    print(f"  {'kind':<14}{'requests':>9}{'5xx':>6}{'p50 ms':>9}{'p99 ms':>9}  statuses")
    for kind in sorted(results.samples):
        samples = results.samples[kind]
        statuses = results.statuses[kind]
        fivexx = sum(n for status, n in statuses.items() if status >= 500)
        print(
            f"  {kind:<14}{len(samples):>9}{fivexx:>6}{percentile(samples, 0.5) * 1000:>9.0f}"
            f"{percentile(samples, 0.99) * 1000:>9.0f}  {dict(sorted(statuses.items()))}"
        )
    print(
        f"  orders {checks['orders']}, paid {checks['paid']}; oversold units {checks['oversold']}, "
        f"variants whose units do not add up {checks['unbalanced']}, orders paid twice "
        f"{checks['paid_twice']}, paid orders lost {checks['lost']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--readers", type=int, default=8)
    arguments = parser.parse_args()
    arguments.seconds = min(arguments.seconds, MAX_SECONDS)
    stripe_api = StripeStandIn().start()
    with tempfile.TemporaryDirectory(prefix="storyshop-load-") as var:
        server = prepare(arguments, Path(var), stripe_api)
        catalogue = read_catalogue()
        initial = initial_stock()
        server.start()
        results = Results()
        try:
            started = time.monotonic()
            deadline = started + arguments.seconds
            https = arguments.database == "postgres"
            readers = [
                threading.Thread(
                    target=shop,
                    args=(Reader(server, results, https), catalogue, stripe_api, deadline),
                )
                for _ in range(arguments.readers)
            ]
            for reader in readers:
                reader.start()
            for reader in readers:
                reader.join()
            seconds = time.monotonic() - started
        finally:
            server.stop()
        checks = invariants(results.paid_sessions, initial)
        report(arguments, results, checks, seconds)
        for message, count in server_errors(Path(var) / "server.log").most_common(5):
            print(f"  server logged {count} x {message}")
    stripe_api.stop()


if __name__ == "__main__":
    main()
