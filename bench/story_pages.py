"""Print what a story page costs with 1, 10 and 30 product blocks of mixed kinds.

Run with `make bench` (or `DJANGO_SETTINGS_MODULE=storyshop.settings.test python
bench/story_pages.py`). It builds a throwaway test database, renders each page warm a few times
through the test client, and prints the SQL query count and the median render time.
"""

import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

RUNS = 15


def measure(client: Client, url: str) -> tuple[int, float]:
    client.get(url)  # renditions are made on the first view
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # Read the count now: the captured queries are sliced lazily from a log later requests reset.
    query_count = len(queries)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - start)
    return query_count, statistics.median(timings) * 1000


def main() -> None:
    from tests.content.test_query_counts import thirty_mixed_product_blocks
    from tests.factories import ImageFactory, article, article_index

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        stories = article_index()
        blocks = thirty_mixed_product_blocks()
        client = Client()
        print(f"{'product blocks':>15} {'queries':>8} {'median ms':>10}")
        for count in (1, 10, 30):
            page = article(
                stories, title=f"{count} blocks", hero_image=ImageFactory(), body=blocks[:count]
            )
            queries, milliseconds = measure(client, page.url)
            print(f"{count:>15} {queries:>8} {milliseconds:>10.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
