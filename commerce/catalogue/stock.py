"""A variant's stock: what readers can still buy, changed only under its row lock or by a
conditional UPDATE, so it never goes below zero whatever the concurrency.

The shop holds units for checkouts with these (`commerce.shop.services.stock`); editors' stock
edits go through `lock_stock` and `apply_stock_edits`. Every change that may make a variant
sell out or come back announces it (`availability_changed`), so search's "in stock" stays true.
"""

import logging
from collections.abc import Collection, Mapping

from django.db.models import F

from commerce.catalogue.models import ProductVariant
from commerce.catalogue.signals import availability_changed

logger = logging.getLogger(__name__)


def take_units(variant_id: int, quantity: int) -> bool:
    """Take `quantity` units off a variant if it has them; True when it did."""
    taken = ProductVariant.objects.filter(pk=variant_id, stock__gte=quantity).update(
        stock=F("stock") - quantity
    )
    return taken == 1


def put_back_units(variant_id: int, quantity: int) -> None:
    """Put `quantity` units back on sale."""
    ProductVariant.objects.filter(pk=variant_id).update(stock=F("stock") + quantity)


def lock_stock(variant_ids: Collection[int]) -> dict[int, int]:
    """Lock the variants' rows (in primary-key order, as every stock change does) and return
    their stock as it is now. Call inside transaction.atomic(): the locks last until it ends."""
    variants = ProductVariant.objects.select_for_update().filter(pk__in=variant_ids).order_by("pk")
    return dict(variants.values_list("pk", "stock"))


def apply_stock_edits(locked: Mapping[int, int], changes: Mapping[int, int]) -> None:
    """Set each locked variant's stock to what it was when locked plus the editor's change
    ({variant id: units, negative to take off}), never below zero.

    `locked` comes from `lock_stock` in the same transaction, so no checkout can have held or
    released units in between: an editor's restock never undoes a reader's checkout.
    """
    for variant_id, stock in locked.items():
        change = changes.get(variant_id, 0)
        if stock + change < 0:  # checkouts took the units between the form's check and its save
            logger.warning(
                "Variant %s had %s left, fewer than the %s taken off; its stock is now 0",
                variant_id,
                stock,
                -change,
            )
        ProductVariant.objects.filter(pk=variant_id).update(stock=max(stock + change, 0))
    crossed = [
        pk for pk, stock in locked.items() if (stock > 0) != (stock + changes.get(pk, 0) > 0)
    ]
    announce_availability(crossed)


def announce_availability(variant_ids: list[int]) -> None:
    """Tell listeners these variants may have sold out or come back on sale."""
    if variant_ids:
        availability_changed.send(sender=ProductVariant, variant_ids=variant_ids)
