"""`manage.py run_payouts`: pay each creator's payable commission balance (see
`commerce.shop.services.payouts`). Safe to run again, and twice at once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from commerce.catalogue.money import format_money
from commerce.shop.services.payouts import creators_due, run_payouts


class Command(BaseCommand):
    help = (
        "Group each creator's payable commission (past the holding period, at least "
        "STORYSHOP_PAYOUT_MINIMUM) into one payout and send it through their payout rail; "
        "send again the payouts an earlier run could not send."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who is due; make and send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            self.stdout.write(f"{len(creators_due())} creators are due a payout.")
            return
        run = run_payouts()
        for payout in run.made:
            money = format_money(payout.amount, payout.currency)
            self.stdout.write(
                f"{payout.reference}: {money} to {payout.creator.name} ({payout.rail}, "
                f"{payout.get_status_display().lower()})"
            )
        for creator_id, reason in run.skipped.items():
            self.stdout.write(f"Creator {creator_id} not paid: {reason}")
        if not run.made:
            self.stdout.write("No payouts are due.")
