"""Search benchmark: index build time and query latency (p50/p95), printed, not asserted.

Builds N products and N stories in a throwaway test database, then measures, for the database
fallback (SQLite or PostgreSQL, whichever DATABASE_URL names) and for an osmem-server
(in-memory Elasticsearch-compatible) started on a free port:

- index build: Wagtail's database index (`update_index`) plus the feature table; or
  `rebuild_search_index` into Elasticsearch;
- query latency of `search_site` for word searches with facets, filtered searches and
  suggestions.

    make bench                                   # SIZE defaults to 500 each
    .venv/bin/python bench/search_bench.py --size 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test DJANGO_TEST_DATABASE_NAME=bench_search \
        .venv/bin/python bench/search_bench.py --size 10000
"""

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storyshop.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils.text import slugify  # noqa: E402

WORDS = [
    "kopi",
    "gayo",
    "toraja",
    "kintamani",
    "arabika",
    "robusta",
    "roast",
    "batik",
    "kawung",
    "parang",
    "mega",
    "mendung",
    "tulis",
    "cap",
    "indigo",
    "soga",
    "tote",
    "shirt",
    "scarf",
    "sarong",
    "serum",
    "toner",
    "sunscreen",
    "rice",
    "ginger",
    "turmeric",
    "bamboo",
    "rattan",
    "weave",
    "ikat",
    "songket",
    "lurik",
    "coconut",
    "palm",
    "sugar",
    "vanilla",
    "clove",
    "nutmeg",
]
TAGS = ["coffee", "batik", "skincare", "craft", "spice", "textile", "home", "gift"]


def build_catalogue(size: int, rng: random.Random) -> None:
    """`size` products (one variant each, tags) and `size` live stories featuring them."""
    from taggit.models import Tag

    from commerce.catalogue.models import Product, ProductTag, ProductVariant
    from content.models import ArticlePage
    from storyshop.creators.models import CreatorProfile
    from tests.factories import article_index

    creators = [
        CreatorProfile.objects.create(name=f"Creator {n}", slug=f"creator-{n}") for n in range(20)
    ]
    tags = [Tag.objects.create(name=name, slug=name) for name in TAGS]
    products = Product.objects.bulk_create(
        Product(
            name=f"{' '.join(rng.sample(WORDS, 3)).title()} {n}",
            slug=f"product-{n}",
            description=f"<p>{' '.join(rng.choices(WORDS, k=30))}</p>",
            price=Decimal(rng.randrange(10_000, 900_000, 500)),
            currency="IDR",
        )
        for n in range(size)
    )
    ProductVariant.objects.bulk_create(
        ProductVariant(product=p, sku=f"SKU-{p.pk}", stock=rng.choice([0, 2, 10, 50]))
        for p in products
    )
    ProductTag.objects.bulk_create(
        ProductTag(content_object=p, tag=rng.choice(tags)) for p in products
    )
    index = article_index(title="Bench stories")
    for n in range(size):
        featured = rng.sample(products, 2)
        page = ArticlePage(
            title=f"{' '.join(rng.sample(WORDS, 4)).title()} {n}",
            slug=slugify(f"story-{n}"),
            intro=" ".join(rng.choices(WORDS, k=20)),
            creator=rng.choice(creators),
            body=[
                {"type": "paragraph", "value": f"<p>{' '.join(rng.choices(WORDS, k=120))}</p>"},
                *(
                    {"type": "product_card", "value": {"product": p.pk, "note": ""}}
                    for p in featured
                ),
            ],
        )
        page.tags.add(rng.choice(TAGS))
        index.add_child(instance=page)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def latencies(rng: random.Random, count: int) -> dict[str, list[float]]:
    """Milliseconds per search_site call, by kind of query."""
    from search.queries import search_site
    from search.results import SearchQuery

    kinds: dict[str, Callable[[], SearchQuery]] = {
        "words + facets": lambda: SearchQuery(text=" ".join(rng.sample(WORDS, rng.randint(1, 2)))),
        "words + tag + in stock": lambda: SearchQuery(
            text=rng.choice(WORDS), tags=(rng.choice(TAGS),), in_stock=True
        ),
        "browse tag, by price": lambda: SearchQuery(tags=(rng.choice(TAGS),), sort="price"),
        "suggestions": lambda: SearchQuery(
            text=rng.choice(WORDS)[:3], as_you_type=True, with_facets=False, page_size=8
        ),
    }
    results: dict[str, list[float]] = {}
    for name, make in kinds.items():
        search_site(make())  # warm-up
        queries = [make() for _ in range(count)]
        results[name] = [1000 * timed(lambda q=query: search_site(q)) for query in queries]
    return results


def report(label: str, build_seconds: float, timings: dict[str, list[float]]) -> None:
    print(f"\n{label}: index build {build_seconds:.1f} s")
    for name, values in timings.items():
        p50 = statistics.median(values)
        p95 = statistics.quantiles(values, n=20)[-1]
        print(f"  {name:<24} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({len(values)} queries)")


@contextmanager
def test_database():
    """A fresh test database (DJANGO_TEST_DATABASE_NAME on PostgreSQL), destroyed afterwards."""
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=int(os.environ.get("SIZE", 500)))
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(5)
    vendor = connection.vendor
    print(f"Search benchmark: {args.size} products + {args.size} stories, database {vendor}")
    with test_database():
        backends = {
            "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
        }
        with override_settings(WAGTAILSEARCH_BACKENDS=backends):
            created = timed(lambda: build_catalogue(args.size, rng))
        print(f"catalogue created in {created:.1f} s")
        quiet = open(os.devnull, "w")  # noqa: SIM115
        build = timed(lambda: call_command("update_index", stdout=quiet, stderr=quiet))
        build += timed(lambda: call_command("rebuild_search_index", stdout=quiet))
        report(f"database ({vendor})", build, latencies(rng, args.queries))

        from osmem_server import OsmemServer

        from tests.search.conftest import PlainJsonNode

        with (
            OsmemServer.start(japanese=False) as server,
            override_settings(
                ELASTICSEARCH_URL=server.url,
                ELASTICSEARCH_NODE_CLASS=PlainJsonNode,
                # osmem-server takes longer than the default 5 s over bulk writes of 500 documents.
                ELASTICSEARCH_TIMEOUT="60",
            ),
        ):
            build = timed(lambda: call_command("rebuild_search_index", stdout=quiet))
            report("elasticsearch (osmem-server)", build, latencies(rng, args.queries))
    print(f"\nSettings: {settings.SETTINGS_MODULE}; rerun with --size N (SIZE=N for make bench).")


if __name__ == "__main__":
    main()
