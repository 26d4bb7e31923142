"""The API's query parameters, checked before Wagtail passes any of them on.

Wagtail's API checks parameter names and some values, but hands date, decimal and related-object
filters, `search_operator`, the search text and any offset to the database or the search backend
as they come, where a bad value is an exception: a 500. Every endpoint here checks them first,
before Wagtail's filters and pagination read them (in `filter_queryset`, which detail views use
too, and `check_query_parameters`), and answers 400 with the API's usual `{"message": ...}`.
What no parameter may hold at all (control characters, absurd lengths) was refused before, by
`storyshop.query_parameters`.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import connection, models
from django.http import QueryDict
from django.utils.timezone import is_naive
from taggit.managers import TaggableManager
from wagtail.api.v2.utils import BadRequestError
from wagtail.fields import StreamField

# Deeper than any listing is paged through (Elasticsearch's default result window): beyond it,
# narrow the listing with a filter instead.
MAX_OFFSET = 10_000
SEARCH_OPERATORS = frozenset({"and", "or"})
# Wagtail's SQLite search backend puts each word between double quotes without escaping them.
SEARCH_FORBIDDEN_CHARACTERS = '"'


def check_offset(parameters: QueryDict) -> None:
    """Refuse an offset beyond `MAX_OFFSET` (Wagtail refuses the malformed and negative ones)."""
    try:
        offset = int(parameters.get("offset", 0))
    except ValueError:
        return
    if offset > MAX_OFFSET:
        raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")


def check_search(parameters: QueryDict) -> None:
    """Refuse a search operator the backends do not know, and quotes in the search text."""
    operator = parameters.get("search_operator", "")
    if operator and operator.lower() not in SEARCH_OPERATORS:
        raise BadRequestError("search_operator must be 'and' or 'or'")
    if any(character in parameters.get("search", "") for character in SEARCH_FORBIDDEN_CHARACTERS):
        raise BadRequestError('search cannot contain double quotes (")')


def _integer_range(field: models.Field) -> tuple[int | None, int | None]:
    return connection.ops.integer_field_range(field.get_internal_type())


def _check_value(field: models.Field, value: str) -> None:
    """Convert `value` as the database would, raising what the conversion raises."""
    python_value = field.to_python(value)
    if isinstance(python_value, datetime) and settings.USE_TZ and is_naive(python_value):
        raise ValueError("give a time zone, e.g. 2026-01-31T09:00:00Z")
    if isinstance(field, models.IntegerField) and python_value is not None:
        low, high = _integer_range(field)
        if (low is not None and python_value < low) or (high is not None and python_value > high):
            raise ValueError("out of range")


def _compared_field(model: type[models.Model], name: str) -> models.Field | None:
    """The field whose values a `?name=` filter is compared with, or None when Wagtail converts
    the value itself (booleans, tags) or the field has no single value (reverse relations).

    Raises:
        BadRequestError: for a StreamField: its JSON is not a value to filter by.
    """
    try:
        field: Any = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if isinstance(field, StreamField):
        raise BadRequestError(f"cannot filter by '{name}'")
    if isinstance(field, models.ForeignKey):
        return field.target_field
    if field.is_relation or isinstance(field, models.BooleanField | TaggableManager):
        return None
    return field


def check_field_filters(parameters: QueryDict, model: type[models.Model], names: list[str]) -> None:
    """Refuse a field filter (`?date=`, `?hero_image=`) whose value the field cannot hold."""
    for name in sorted(set(names).intersection(parameters)):
        field = _compared_field(model, name)
        if field is None:
            continue
        value = parameters[name]
        try:
            _check_value(field, value)
        except ValidationError as error:
            reason = " ".join(error.messages)
            raise BadRequestError(
                f"field filter error. '{value}' is not a valid value for {name} ({reason})"
            ) from error
        except (ValueError, TypeError, OverflowError) as error:
            raise BadRequestError(
                f"field filter error. '{value}' is not a valid value for {name} ({error})"
            ) from error


def check_object_id(parameters: QueryDict) -> None:
    """Refuse `find/?id=` that is not an object id."""
    if "id" not in parameters:
        return
    try:
        _check_value(models.BigAutoField(), parameters["id"])
    except (ValidationError, ValueError) as error:
        raise BadRequestError("id must be an integer") from error


class CheckedQueryParameters:
    """Mixed into an API viewset: its query parameters are checked before they are used."""

    request: Any

    def check_query_parameters(self, queryset: models.QuerySet) -> None:
        super().check_query_parameters(queryset)  # type: ignore[misc]
        check_offset(self.request.GET)

    def filter_queryset(self, queryset: models.QuerySet) -> models.QuerySet:
        # The filters read these, in listings and (through `get_object`) in detail views too.
        parameters = self.request.GET
        check_search(parameters)
        fields = self.get_available_fields(queryset.model, db_fields_only=True)  # type: ignore[attr-defined]
        check_field_filters(parameters, queryset.model, fields)
        return super().filter_queryset(queryset)  # type: ignore[misc]

    def find_object(self, queryset: models.QuerySet, request: Any) -> Any:
        check_object_id(request.GET)
        try:
            return super().find_object(queryset, request)  # type: ignore[misc]
        except ObjectDoesNotExist:
            # Wagtail catches the endpoint model's DoesNotExist only; with `?type=` the listing
            # is of a story type, whose DoesNotExist is another class (an abstract model sits
            # between it and Page). None: Wagtail answers 404.
            return None
