"""System checks: bad search configuration is reported by `manage.py check`, not at request time."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from search.conf import elasticsearch_settings


@checks.register()
def check_search_settings(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """Report unusable ELASTICSEARCH_* settings."""
    try:
        elasticsearch_settings()
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                str(error),
                hint="Fix the environment variable, or unset ELASTICSEARCH_URL to search the "
                "database.",
                id="search.E001",
            )
        ]
    return []
