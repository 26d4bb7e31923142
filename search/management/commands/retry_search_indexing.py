"""`manage.py retry_search_indexing`: run one pass over due search updates (for cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from search.indexing import drain_indexing_requests
from search.models import IndexingRequest


class Command(BaseCommand):
    help = "Sync every due search update now, and report what is still waiting."

    def handle(self, *args: Any, **options: Any) -> None:
        report = drain_indexing_requests()
        waiting = IndexingRequest.objects.filter(done_at__isnull=True)
        self.stdout.write(f"{report.done} done, {report.failed} failed, {waiting.count()} waiting.")
        for request in waiting.exclude(last_error="").order_by("due_at")[:10]:
            self.stdout.write(
                f"  {request}: {request.attempts} attempts, next {request.due_at:%Y-%m-%d %H:%M}, "
                f"{request.last_error[:120]}"
            )
