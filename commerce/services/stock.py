"""Stock reservation: take units when a checkout starts, commit them when it is paid, put them
back when it expires or fails.

`ProductVariant.stock` is what readers can still buy, so a reservation takes units off it at
once. Variant rows are locked in primary-key order (SELECT ... FOR UPDATE on PostgreSQL) and
every decrement is a conditional UPDATE, so stock never goes below zero whatever the
concurrency; the database's check constraint is the last line of defence.
"""

import logging
from collections.abc import Collection, Mapping
from datetime import datetime

from django.db import transaction
from django.db.models import F

from commerce.exceptions import OutOfStock
from commerce.models import Order, ProductVariant, StockReservation
from commerce.signals import availability_changed

logger = logging.getLogger(__name__)


def _take(variant_id: int, quantity: int) -> bool:
    """Take `quantity` units off a variant if it has them; True when it did."""
    taken = ProductVariant.objects.filter(pk=variant_id, stock__gte=quantity).update(
        stock=F("stock") - quantity
    )
    return taken == 1


def reserve_stock(order: Order, quantities: Mapping[int, int], expires_at: datetime) -> None:
    """Hold `quantities` ({variant id: units}) for `order` until `expires_at`.

    All or nothing: when one variant is short, nothing is held.

    Raises:
        OutOfStock: naming the first variant without enough units.
    """
    with transaction.atomic():
        variants = list(
            ProductVariant.objects.select_for_update().filter(pk__in=quantities).order_by("pk")
        )
        if len(variants) != len(quantities):
            raise OutOfStock("Something in your cart is no longer sold.")
        for variant in variants:
            wanted = quantities[variant.pk]
            if not _take(variant.pk, wanted):
                left = f"Only {variant.stock} left" if variant.stock else "Sold out"
                raise OutOfStock(f"{left}: {variant} (you asked for {wanted}).")
        _announce([variant.pk for variant in variants if variant.stock == quantities[variant.pk]])
        StockReservation.objects.bulk_create(
            StockReservation(
                order=order, variant_id=variant_id, quantity=quantity, expires_at=expires_at
            )
            for variant_id, quantity in sorted(quantities.items())
        )


def _reservations_to_change(order: Order) -> list[StockReservation]:
    return list(
        order.reservations.select_for_update()
        .exclude(status=StockReservation.Status.COMMITTED)
        .order_by("variant_id")
    )


def commit_stock(order: Order) -> list[str]:
    """Mark `order`'s units as sold; return the SKUs that could no longer be taken.

    A reservation that was released (its checkout expired) is taken again if the units are
    still there; otherwise its SKU is returned so staff can act on the shortfall.
    """
    shortfalls = []
    taken_again = []
    with transaction.atomic():
        for reservation in _reservations_to_change(order):
            if reservation.status == StockReservation.Status.RELEASED:
                if not _take(reservation.variant_id, reservation.quantity):
                    shortfalls.append(f"{reservation.quantity} x variant {reservation.variant_id}")
                    continue
                taken_again.append(reservation.variant_id)
            reservation.status = StockReservation.Status.COMMITTED
            reservation.expires_at = None
            reservation.save(update_fields=["status", "expires_at", "updated_at"])
        _announce(taken_again)
    return shortfalls


def hold_stock_until_paid(order: Order) -> None:
    """Keep `order`'s units held without an end: its payment is on its way (e.g. a transfer)."""
    order.reservations.filter(status=StockReservation.Status.HELD).update(expires_at=None)


def release_stock(order: Order) -> int:
    """Put `order`'s held units back on sale; return how many units came back."""
    released = 0
    with transaction.atomic():
        back = []
        for reservation in _reservations_to_change(order):
            if reservation.status != StockReservation.Status.HELD:
                continue
            back.append(reservation.variant_id)
            ProductVariant.objects.filter(pk=reservation.variant_id).update(
                stock=F("stock") + reservation.quantity
            )
            reservation.status = StockReservation.Status.RELEASED
            reservation.save(update_fields=["status", "updated_at"])
            released += reservation.quantity
        _announce(back)
    return released


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
    _announce(crossed)


def _announce(variant_ids: list[int]) -> None:
    """Tell listeners these variants may have sold out or come back on sale."""
    if variant_ids:
        availability_changed.send(sender=ProductVariant, variant_ids=variant_ids)
