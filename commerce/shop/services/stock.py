"""Stock reservation: take units when a checkout starts, commit them when it is paid, put them
back when it expires or fails.

`ProductVariant.stock` is what readers can still buy, so a reservation takes units off it at
once. Variant rows are locked in primary-key order (SELECT ... FOR UPDATE on PostgreSQL) and
every decrement is a conditional UPDATE (`commerce.catalogue.stock`), so stock never goes below
zero whatever the concurrency; the database's check constraint is the last line of defence.
"""

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from django.db import transaction

from commerce.catalogue.models import ProductVariant
from commerce.catalogue.stock import announce_availability, put_back_units, take_units
from commerce.shop.exceptions import OutOfStock
from commerce.shop.models import Order, StockReservation
from commerce.shop.services.holds import refuse_over_share, units_held


def reserve_stock(
    order: Order,
    quantities: Mapping[int, int],
    expires_at: datetime,
    share: Decimal | None = None,
) -> None:
    """Hold `quantities` ({variant id: units}) for `order` until `expires_at`.

    All or nothing: when one variant is short, nothing is held. With `share`, the order's client
    (`order.client_token`) may hold at most that share of each variant across its open checkouts
    (`holds.refuse_over_share`), counted under the variants' row locks.

    Raises:
        OutOfStock: naming the first variant without enough units.
        HoldLimitReached: naming the first variant the client would hold too much of.
    """
    with transaction.atomic():
        variants = list(
            ProductVariant.objects.select_for_update().filter(pk__in=quantities).order_by("pk")
        )
        if len(variants) != len(quantities):
            raise OutOfStock("Something in your cart is no longer sold.")
        share = share if order.client_token else None  # an order of no client is not bounded
        held = units_held(order.client_token, quantities) if share is not None else {}
        for variant in variants:
            wanted = quantities[variant.pk]
            if share is not None and wanted <= variant.stock:
                refuse_over_share(variant, wanted, held.get(variant.pk, 0), share)
            if not take_units(variant.pk, wanted):
                left = f"Only {variant.stock} left" if variant.stock else "Sold out"
                raise OutOfStock(f"{left}: {variant} (you asked for {wanted}).")
        announce_availability(
            [variant.pk for variant in variants if variant.stock == quantities[variant.pk]]
        )
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
                if not take_units(reservation.variant_id, reservation.quantity):
                    shortfalls.append(f"{reservation.quantity} x variant {reservation.variant_id}")
                    continue
                taken_again.append(reservation.variant_id)
            reservation.status = StockReservation.Status.COMMITTED
            reservation.expires_at = None
            reservation.save(update_fields=["status", "expires_at", "updated_at"])
        announce_availability(taken_again)
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
            put_back_units(reservation.variant_id, reservation.quantity)
            reservation.status = StockReservation.Status.RELEASED
            reservation.save(update_fields=["status", "updated_at"])
            released += reservation.quantity
        announce_availability(back)
    return released
