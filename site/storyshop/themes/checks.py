"""System checks: a Site whose saved theme folder is gone is shown with the default theme."""

from collections.abc import Sequence
from typing import Any

from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import DatabaseError

from storyshop.themes.folders import DEFAULT_THEME, available_themes, themes_dir


@register(Tags.templates)
def check_default_theme(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The default theme is what every other theme falls back to: it must be there."""
    if (themes_dir() / DEFAULT_THEME / "templates").is_dir():
        return []
    return [
        Warning(
            f"There is no default theme: {themes_dir() / DEFAULT_THEME / 'templates'} is missing.",
            hint="Point STORYSHOP_THEMES_DIR at the folder that holds the themes.",
            id="themes.W001",
        )
    ]


@register(Tags.templates, Tags.database)
def check_saved_themes_exist(
    app_configs: Any = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Warn about Sites whose theme folder no longer exists (they get the default theme)."""
    from storyshop.themes.models import ThemeSettings

    messages: list[CheckMessage] = []
    for alias in databases or ():
        saved = ThemeSettings.objects.using(alias).exclude(theme__in=available_themes())
        try:
            missing = list(saved.select_related("site").order_by("site__hostname"))
        except DatabaseError:
            continue  # not migrated yet
        messages.extend(
            Warning(
                f"The Site {setting.site.hostname!r} uses the theme {setting.theme!r}, which is "
                f"not a folder of {themes_dir()} with a templates/ folder: its pages are shown "
                "with the default theme.",
                hint="Pick an installed theme in the admin (Settings → Theme), or put the "
                "theme's folder back.",
                id="themes.W002",
            )
            for setting in missing
        )
    return messages
