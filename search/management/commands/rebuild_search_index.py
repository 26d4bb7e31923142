"""`manage.py rebuild_search_index`: rebuild search from scratch, with a progress bar."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from search import elastic
from search.exceptions import SearchUnavailable
from search.rebuild import rebuild_search_index

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Rebuild what search derives from stories and products. With ELASTICSEARCH_URL, fill new "
        "indices and move the aliases to them atomically; readers keep searching meanwhile."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        where = (
            "Elasticsearch" if elastic.is_configured() else "the database (no ELASTICSEARCH_URL)"
        )
        self.stdout.write(f"Rebuilding search on {where}.")
        try:
            report = rebuild_search_index(self._progress)
        except SearchUnavailable as error:
            raise CommandError(f"{error}. The previous index is still in use.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {report.stories} stories, {report.products} products indexed, "
                f"{report.features} product features, {report.replayed} changes replayed."
            )
        )
        for kind, index in report.indices.items():
            self.stdout.write(f"  {elastic.alias_name(kind)} -> {index}")

    def _progress(self, label: str, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        ending = "\n" if done >= total else ""
        self.stdout.write(f"\r{label:<9} [{bar}] {done}/{total}", ending=ending)
        self.stdout.flush()
