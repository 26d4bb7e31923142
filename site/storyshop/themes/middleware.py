"""Makes each reader's request the scope in which templates are found (see resolution.py)."""

from collections.abc import Callable
from functools import cached_property

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from storyshop.themes.resolution import request_scope


class ThemeMiddleware:
    """Templates a request renders come from its Site's theme, then the default theme.

    The admin is the same for every Site and is not themed: its requests keep the default
    theme and never look a theme up. Page previews are themed all the same, because Wagtail
    serves them through the middleware again, with a request to the page's own URL and Site.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def admin_prefix(self) -> str:
        return reverse("wagtailadmin_home")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(self.admin_prefix):
            return self.get_response(request)
        with request_scope(request):
            return self.get_response(request)
