"""What tests read of the commission ledger: a creator's commission now, and its entries."""

from decimal import Decimal

from django.db.models import Sum

from commerce.shop.models import CommissionEntry


def earned(**filters: object) -> Decimal:
    """The commission now (accruals less reversals) of the entries `filters` select."""
    total = CommissionEntry.objects.filter(**filters).aggregate(total=Sum("amount"))["total"]
    return total if total is not None else Decimal(0)


def kinds(**filters: object) -> list[str]:
    """The kinds of the entries `filters` select, oldest first."""
    return list(CommissionEntry.objects.filter(**filters).values_list("kind", flat=True))
