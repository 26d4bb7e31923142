"""How much stock one client may hold in unpaid checkouts, whatever sessions it rotates.

Readers are anonymous and a fresh cookie makes a fresh reader, so the bounds are per client: its
address range (`storyshop.ratelimits.client_key`, a keyed hash, never the address). A pending
order records its client (`Order.client_token`), so the bounds are counted in the database:

- one checkout holds at most STORYSHOP_MAX_CHECKOUT_UNITS units;
- one client has at most STORYSHOP_MAX_OPEN_CHECKOUTS open checkouts. At the limit, a new one
  first closes the client's oldest if it has been open for REPLACEABLE_AFTER (most likely
  abandoned: `open_checkouts.replace_abandoned_checkout`); otherwise it is refused until then;
- across its open checkouts, one client holds at most STORYSHOP_MAX_HOLD_SHARE of a variant's
  sellable stock (what is left plus what the client already holds), rounded up: always at least
  one unit, so a shop with three units still sells.

A checkout counts and holds in one transaction that starts by taking its client's lock
(`client_lock`), so two checkouts of one client at once are counted one after the other; the
variants' rows are locked after it, in primary-key order, as every stock change does.
"""

import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone

from commerce.catalogue.models import ProductVariant
from commerce.shop.conf import HoldLimits
from commerce.shop.exceptions import HoldLimitReached, TooManyOpenCheckouts
from commerce.shop.models import HoldLock, Order, StockReservation

# A payment takes minutes: an open checkout this old is most likely abandoned, so at the limit
# a new checkout of its client closes it rather than being refused. Younger ones are left alone,
# so two readers behind one address cannot close each other's checkout while they pay.
REPLACEABLE_AFTER = timedelta(minutes=10)
TOO_MANY_OPEN_MESSAGE = (
    "Several checkouts are already open from your connection. Finish or cancel one of them, or "
    "try again in a few minutes; your cart is kept."
)


@contextmanager
def client_lock(client: str) -> Iterator[None]:
    """Hold `client`'s checkout lock until the end of the surrounding transaction.

    Call first in a `transaction.atomic()` block: the insert waits for any other checkout of the
    client holding it (a row lock on the unique index on PostgreSQL; the write lock on SQLite,
    which a write as the transaction's first statement takes without deadlocking).
    """
    HoldLock.objects.create(client_token=client)
    yield
    HoldLock.objects.filter(client_token=client).delete()


def pending_checkouts(client: str) -> QuerySet[Order]:
    """The client's pending orders, oldest first."""
    return Order.objects.filter(client_token=client, status=Order.Status.PENDING).order_by(
        "created_at", "pk"
    )


def refuse_too_many_units(units: int, limits: HoldLimits) -> None:
    """Refuse a checkout of more units than one checkout may hold.

    Raises:
        HoldLimitReached: saying how many one checkout may hold.
    """
    if units > limits.checkout_units:
        raise HoldLimitReached(
            f"One checkout can hold at most {limits.checkout_units} items; please take some out "
            "of your cart."
        )


def oldest_replaceable_checkout(client: str, limits: HoldLimits) -> Order | None:
    """The client's oldest open checkout when the client is at its limit and that checkout has
    been open for REPLACEABLE_AFTER, to close for a new one; else None."""
    pending = list(pending_checkouts(client)[: limits.open_checkouts])
    if len(pending) < limits.open_checkouts:
        return None
    oldest = pending[0]
    return oldest if oldest.created_at <= timezone.now() - REPLACEABLE_AFTER else None


def refuse_more_open_checkouts(client: str, limits: HoldLimits) -> None:
    """Refuse a new checkout of a client that has its limit of open checkouts already.

    Call under `client_lock`.

    Raises:
        TooManyOpenCheckouts: with the seconds until its oldest one may be replaced.
    """
    started = list(
        pending_checkouts(client).values_list("created_at", flat=True)[: limits.open_checkouts]
    )
    if len(started) < limits.open_checkouts:
        return
    wait = started[0] + REPLACEABLE_AFTER - timezone.now()
    raise TooManyOpenCheckouts(
        TOO_MANY_OPEN_MESSAGE, retry_after=max(1, math.ceil(wait.total_seconds()))
    )


def units_held(client: str, variant_ids: Iterable[int]) -> dict[int, int]:
    """{variant id: units} the client's open checkouts hold of these variants."""
    held = (
        StockReservation.objects.filter(
            status=StockReservation.Status.HELD,
            order__status=Order.Status.PENDING,
            order__client_token=client,
            variant_id__in=list(variant_ids),
        )
        .values("variant_id")
        .annotate(units=Sum("quantity"))
    )
    return {row["variant_id"]: row["units"] for row in held}


def hold_cap(available: int, held: int, share: Decimal) -> int:
    """The most units of a variant one client may hold: `share` of what is left plus what the
    client holds, rounded up, and at least one."""
    return max(1, math.ceil(share * (available + held)))


def refuse_over_share(variant: ProductVariant, wanted: int, held: int, share: Decimal) -> None:
    """Refuse `wanted` more units of a (locked) variant when the client, holding `held`, would
    hold more than its share.

    Raises:
        HoldLimitReached: saying how many one connection may hold.
    """
    cap = hold_cap(variant.stock, held, share)
    if held + wanted <= cap:
        return
    already = f"; {held} are in other checkouts from it already" if held else ""
    raise HoldLimitReached(
        f"To keep {variant} available to other readers, one connection can hold at most {cap} "
        f"while paying{already} (you asked for {wanted})."
    )
