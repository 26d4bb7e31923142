"""The theme folders on disk: which themes exist and where their templates and static files are.

A theme is a folder of STORYSHOP_THEMES_DIR with a `templates/` folder; `default` always
exists and every other theme falls back to it. This module only reads the file system, so the
settings can use it too.
"""

from functools import cache
from pathlib import Path

from django.conf import settings

DEFAULT_THEME = "default"


def themes_dir() -> Path:
    """The folder that holds one folder per theme (the STORYSHOP_THEMES_DIR setting)."""
    return Path(settings.STORYSHOP_THEMES_DIR)


def theme_names(folder: Path) -> list[str]:
    """The themes in `folder`: `default` first, then the others by name."""
    if not folder.is_dir():
        return [DEFAULT_THEME]  # the system check says so (themes.W001)
    found = sorted(
        child.name
        for child in folder.iterdir()
        if (child / "templates").is_dir() and not child.name.startswith((".", "_"))
    )
    return [DEFAULT_THEME, *(name for name in found if name != DEFAULT_THEME)]


@cache
def available_themes() -> tuple[str, ...]:
    """The installed themes, read once per process (a new theme folder comes with a deploy).

    `signals.py` forgets it when a test points STORYSHOP_THEMES_DIR elsewhere.
    """
    return tuple(theme_names(themes_dir()))


def theme_choices() -> list[tuple[str, str]]:
    """Choices for ThemeSettings.theme: the installed theme folders."""
    return [
        (name, name.replace("-", " ").replace("_", " ").capitalize()) for name in available_themes()
    ]


def template_dirs(theme: str) -> list[Path]:
    """Where a page of `theme` looks for a template: the theme's folder, then the default's."""
    dirs = [themes_dir() / DEFAULT_THEME / "templates"]
    if theme != DEFAULT_THEME:
        dirs.insert(0, themes_dir() / theme / "templates")
    return dirs


def static_dirs(folder: Path) -> list[Path | tuple[str, Path]]:
    """STATICFILES_DIRS for the themes in `folder`.

    The default theme's files are served as they are (`css/storyshop.css`); another theme's
    under its name (`themes/batik/static/css/theme.css` is `batik/css/theme.css`), so no theme
    can shadow the default's files or another theme's.
    """
    dirs: list[Path | tuple[str, Path]] = [folder / DEFAULT_THEME / "static"]
    for name in theme_names(folder)[1:]:
        if (folder / name / "static").is_dir():
            dirs.append((name, folder / name / "static"))
    return dirs
