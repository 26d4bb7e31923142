"""Content-Security-Policy: one strict policy for what readers see, another for the admin.

Readers' pages (stories, cart, search, checkout returns) load scripts and styles from this
site only; an inline script runs only with the response's nonce (`{% csp_nonce_attr %}`; none
needs one today, so reader pages stay byte-identical and cacheable: Django adds a nonce only
when a template asks for it). JSON-LD is a data block, which browsers never execute, so it
needs neither nonce nor hash. Pictures may come from any https origin (media on object storage
or a CDN, oEmbed thumbnails); videos are framed from the providers the video block offers, and
TikTok's embed needs its script. Nothing may frame a reader's page (`frame-ancestors 'none'`,
as X-Frame-Options: DENY says) except the embeddable product card, which widens that one
directive in the same single header (commerce.shop.views.widgets).

Wagtail's admin is not built for a strict policy: its pages run inline scripts and styles. It
gets an enforced policy that still keeps scripts, connections, frames and plugins to this site
and what Wagtail itself calls (`'unsafe-inline'` allowed; its previews frame its own pages),
and the strict readers' policy as report-only, so a browser shows what strictness would break
without breaking the editor (tests/commerce/test_csp_browser.py measures both).
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.utils.csp import CSP, build_policy

Policy = dict[str, list[str]]

VIDEO_FRAMES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.tiktok.com",
]
VIDEO_SCRIPTS = ["https://www.tiktok.com"]

READER_POLICY: Policy = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, *VIDEO_SCRIPTS],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", "https:"],
    "frame-src": [CSP.SELF, *VIDEO_FRAMES],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ADMIN_POLICY: Policy = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    # Wagtail's avatars come from Gravatar, at the admin's own scheme.
    "img-src": [CSP.SELF, "data:", "blob:", "https:", "www.gravatar.com"],
    # Wagtail's dashboard asks for its latest release (WAGTAIL_ENABLE_UPDATE_CHECK).
    "connect-src": [CSP.SELF, "https://releases.wagtail.org"],
    "frame-src": [CSP.SELF, *VIDEO_FRAMES],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}


class AdminPolicyMiddleware:
    """Gives the admin's answers its own policies (STORYSHOP_ADMIN_CSP and its report-only
    counterpart); Django's ContentSecurityPolicyMiddleware, listed before this one, leaves a
    header it finds set and adds the readers' policy everywhere else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(settings.STORYSHOP_ADMIN_PATH):
            _set_policy(response, CSP.HEADER_ENFORCE, settings.STORYSHOP_ADMIN_CSP, request)
            _set_policy(
                response,
                CSP.HEADER_REPORT_ONLY,
                settings.STORYSHOP_ADMIN_CSP_REPORT_ONLY,
                request,
            )
        return response


def _set_policy(response: HttpResponse, header: str, policy: dict[str, Any], request: Any) -> None:
    if policy and header not in response:
        # A plain str: WSGI servers refuse header names of any other type (CSP is a StrEnum).
        response[str(header)] = build_policy(policy, get_nonce(request))
