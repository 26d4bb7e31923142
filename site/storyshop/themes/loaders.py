"""Template loaders that look in the current theme's folder, then the default theme's.

TEMPLATES lists them explicitly (settings/base.py): a CachedLoader around a ThemeLoader, then
the apps' templates. Every template a request renders goes through them, including the ones
`{% extends %}` and `{% include %}` name, so a theme may override `base.html` alone or a
single partial.
"""

from pathlib import Path

from django.template.loaders import cached, filesystem

from storyshop.themes.folders import template_dirs
from storyshop.themes.resolution import current_theme


class ThemeLoader(filesystem.Loader):
    """Finds templates in the current theme's `templates/` folder, then in the default theme's."""

    def get_dirs(self) -> list[str | Path]:
        return list(template_dirs(current_theme()))


class CachedLoader(cached.Loader):
    """Django's cached loader, with a cache per theme: two Sites never share a template."""

    def cache_key(self, template_name, skip=None) -> str:
        return f"{current_theme()}:{super().cache_key(template_name, skip)}"
