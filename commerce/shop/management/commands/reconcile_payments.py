"""`manage.py reconcile_payments`: heal orders whose Stripe webhooks never came."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commerce.shop.exceptions import PaymentProviderError, PaymentsNotConfigured
from commerce.shop.services.reconcile import reconcile_payments

MAX_HOURS = 24 * 30


def _hours(value: str) -> int:
    try:
        hours = int(value)
    except ValueError:
        raise CommandError(f"--hours must be a whole number of hours, not {value!r}.") from None
    if not 1 <= hours <= MAX_HOURS:
        raise CommandError(f"--hours must be between 1 and {MAX_HOURS} (30 days), not {hours}.")
    return hours


class Command(BaseCommand):
    help = (
        "Ask Stripe about recent Checkout Sessions and settle their orders (paid, expired), "
        "release the stock of checkouts that outlived their expiry, settle delayed payments, "
        "unanswered refunds and the refunds of recently paid orders, and send the confirmation "
        "e-mails that failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            default="48",
            help="How far back to look at Checkout Sessions (1 to 720; default 48).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = _hours(str(options["hours"]))
        try:
            report = reconcile_payments(timedelta(hours=hours))
        except (PaymentsNotConfigured, PaymentProviderError) as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Checked {report.sessions_checked} Checkout Sessions from {hours} h.")
        for change in report.orders_changed:
            self.stdout.write(f"  {change}")
        if not report.orders_changed:
            self.stdout.write("Every order already matched Stripe; nothing changed.")
        for problem in report.needs_attention + report.errors:
            self.stderr.write(f"  {problem}")
        failures = []
        if report.needs_attention:
            failures.append(f"{len(report.needs_attention)} orders need attention")
        if report.errors:
            failures.append(f"{len(report.errors)} could not be settled (run it again)")
        if failures:
            raise CommandError("; ".join(failures) + ".")
