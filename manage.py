#!/usr/bin/env python
"""Django's command-line utility for Storyshop."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storyshop.settings.dev")
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
        from django.core.management import execute_from_command_line
    except ImportError as error:
        raise SystemExit(
            f"Django is not importable ({error}). Run `make run` or `make test`, which create "
            "the .venv and install Storyshop into it, or activate that .venv first."
        ) from error
    try:
        settings.INSTALLED_APPS  # noqa: B018  (loads the settings module now)
    except ImproperlyConfigured as error:
        raise SystemExit(
            f"Storyshop is not configured ({os.environ['DJANGO_SETTINGS_MODULE']}): {error}"
        ) from None
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
