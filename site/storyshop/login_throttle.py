"""Admin sign-in throttling: django-axes, told how this site names a client and how it answers.

django-axes counts failed sign-ins in its own table (shared by every app server through the
database, kept across restarts, and readable by staff) and refuses further tries once an account
or an address reaches STORYSHOP_LOGIN_FAILURE_LIMIT, for STORYSHOP_LOGIN_LOCKOUT_MINUTES. It
counts every attempted username, whether or not the account exists, and refuses before checking
any password, so a throttled unknown account and a throttled known one get the same answer.
Staff lift a lock with `manage.py axes_reset_username NAME`, `axes_reset_ip ADDRESS` (an IPv6
client's /64 network address: see `client_address`) or `axes_reset`; `axes_list_attempts` shows
who is counted.
"""

import ipaddress
import math
from typing import Any

from axes.backends import AxesBackend
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.views.account import LoginView, get_user_login_form

from storyshop.ratelimits import UNKNOWN_CLIENT, client_range


def client_address(request: HttpRequest) -> str | None:
    """The address sign-ins are counted under: the network address of the request's client as
    the rate limits define it (`storyshop.ratelimits.client_range`: an IPv4 address, or an IPv6
    client's /64, which it could otherwise rotate through). None without a usable address."""
    client = client_range(request)
    if client == UNKNOWN_CLIENT:
        return None
    return str(ipaddress.ip_network(client).network_address)


class RequestAxesBackend(AxesBackend):
    """django-axes' backend, standing aside when there is no request to count.

    Every sign-in over the web comes with its request; only code (a shell, a test's
    `client.login`) authenticates without one, and has no address to count or lock. It must
    come first in AUTHENTICATION_BACKENDS (to refuse before a password is checked), and code
    that logs a user in with the first backend (Wagtail's page test helpers) needs that one to
    load users too: AxesBackend is the one of django-axes that also does ModelBackend's part.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def lockout_minutes() -> int:
    """The lockout window in whole minutes (STORYSHOP_LOGIN_LOCKOUT_MINUTES)."""
    return math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)


def lockout_message() -> str:
    """What a throttled client reads: the same whichever account it tried."""
    minutes = lockout_minutes()
    return _(
        "Too many failed sign-in attempts for this account or from your network. Signing in "
        "is paused for %(window)s; ask an administrator if you need to sign in sooner."
    ) % {"window": ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """Wagtail's sign-in page with the lockout message and an empty form, answered 429.

    The empty form echoes nothing the client sent, so the page is the same for every account.
    """
    messages.error(request, lockout_message())
    view = LoginView()
    view.setup(request)
    context = view.get_context_data(form=get_user_login_form()(request))
    # Rendered here: django-axes answers from a middleware, after responses are rendered.
    response = render(request, view.template_name, context, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
