"""Remember the link or referral a reader arrived through, and count the arrival."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from commerce.shop.models import ReferralClick
from commerce.shop.services.attribution import (
    REF_PARAMETER,
    remember,
    remembered_touch,
    same_touch,
    touch_from_query,
)
from commerce.shop.services.clicks import count_click
from commerce.shop.widgets import EMBED_UTM_SOURCE
from storyshop.links import VIA_PARAMETER

# Not places a reader arrives at: the admin, and the embed card (framed on other sites, where
# a cookie would be a third-party one; its links carry the touch to this site).
NOT_ARRIVALS = ("/embed/", "/static/", "/media/")


class AttributionMiddleware:
    """On a page answered with `?ref=` or `?via=` naming a live creator or story: set the
    attribution cookie (`commerce.shop.services.attribution`), mark the answer private (it
    carries a cookie, so no shared cache may keep it) and count a click for the creator, once
    per reader, creator and day. Anything else in those parameters is ignored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self._is_arrival(request, response):
            touch = touch_from_query(request.GET)
            if touch is not None:
                remember(response, touch)
                patch_cache_control(response, private=True)
                if touch.creator_id is not None and not same_touch(
                    remembered_touch(request.COOKIES), touch
                ):
                    count_click(touch.creator_id, self._channel(request))
        return response

    @staticmethod
    def _is_arrival(request: HttpRequest, response: HttpResponse) -> bool:
        if request.method not in ("GET", "HEAD") or response.status_code >= 400:
            return False
        if REF_PARAMETER not in request.GET and VIA_PARAMETER not in request.GET:
            return False
        return not request.path.startswith((settings.STORYSHOP_ADMIN_PATH, *NOT_ARRIVALS))

    @staticmethod
    def _channel(request: HttpRequest) -> str:
        if request.GET.get("utm_source") == EMBED_UTM_SOURCE:
            return ReferralClick.Channel.EMBED
        return ReferralClick.Channel.LINK
