"""A per-client limit on starting checkouts: each one holds stock until its session expires, so
one client must not be able to hold all of it. Counted in Django's cache (shared by every app
server when it is Redis)."""

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from commerce.shop.conf import CHECKOUT_LIMIT_WINDOW, checkout_start_limit

TOO_MANY_CHECKOUTS_MESSAGE = (
    "Too many checkouts were started from your connection in the last few minutes. Your cart is "
    "kept; please wait a few minutes and try again."
)


def too_many_checkouts(request: HttpRequest) -> bool:
    """Count a checkout start against its client's allowance; True when it is over it.

    The client is the request's REMOTE_ADDR (behind a proxy, the server must set it to the
    reader's address). Windows are fixed: at most STORYSHOP_CHECKOUT_LIMIT starts in each.
    """
    window = int(CHECKOUT_LIMIT_WINDOW.total_seconds())
    key = "commerce:checkout-starts:{}:{}".format(
        request.META.get("REMOTE_ADDR", ""), int(timezone.now().timestamp()) // window
    )
    cache.add(key, 0, timeout=window)
    try:
        starts = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=window)
        starts = 1
    return starts > checkout_start_limit()
