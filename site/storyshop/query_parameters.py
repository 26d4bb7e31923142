"""What no request may carry in its path or query string, refused with a 400 before any view.

A URL a person follows never holds NUL or other control characters, and PostgreSQL refuses NUL
in any text it is given: one `%00` in `?tag=` used to be a 500 wherever a view passed the value
on to a query. Checking every path and parameter here, once, means no view has to remember to;
each endpoint still checks what its own parameters mean (the API's filters, the search form).
"""

import re
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

# Far longer than any link the site makes (the admin's `next` URLs are the longest), far
# shorter than what it takes to make a query or a log line expensive.
MAX_PARAMETER_LENGTH = 2000
# C0 and C1 control characters and DEL; tab and line breaks are text.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _holds_control_character(text: str) -> bool:
    return CONTROL_CHARACTER.search(text) is not None


def _parameter_problem(name: str, values: Iterable[str]) -> str:
    if len(name) > MAX_PARAMETER_LENGTH:
        return _("A query parameter name is longer than %(limit)d characters.") % {
            "limit": MAX_PARAMETER_LENGTH
        }
    if _holds_control_character(name):
        return _("A query parameter name holds a control character.")
    for value in values:
        if len(value) > MAX_PARAMETER_LENGTH:
            return _("The query parameter “%(name)s” is longer than %(limit)d characters.") % {
                "name": name,
                "limit": MAX_PARAMETER_LENGTH,
            }
        if _holds_control_character(value):
            return _("The query parameter “%(name)s” holds a control character.") % {"name": name}
    return ""


def request_problem(request: HttpRequest) -> str:
    """Say what makes the request's path or query string unacceptable (empty when nothing)."""
    if _holds_control_character(request.path):
        return _("The address holds a control character.")
    for name, values in request.GET.lists():
        if problem := _parameter_problem(name, values):
            return problem
    return ""


def _refusal(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 in the shape the client reads: text for browsers, the API's `{"message": ...}`
    for everything else (scripts, API clients)."""
    if "text/html" in request.headers.get("Accept", ""):
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    return JsonResponse({"message": message}, status=400)


class QueryParameterMiddleware:
    """Answers 400 to a request whose path or query parameters no view should ever see."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if problem := request_problem(request):
            return _refusal(request, problem)
        return self.get_response(request)
