"""The theme of each Wagtail Site, chosen by editors under Settings → Theme."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from storyshop.themes.folders import DEFAULT_THEME, theme_choices


@register_setting(icon="desktop")
class ThemeSettings(BaseSiteSetting):
    """Which theme folder a Site's pages are rendered with (README, "Themes")."""

    theme = models.CharField(
        max_length=100,
        choices=theme_choices,
        default=DEFAULT_THEME,
        help_text="The look of this site's pages. A template the theme does not have comes "
        "from the default theme.",
    )

    panels = [FieldPanel("theme")]

    class Meta:
        verbose_name = "Theme"

    def __str__(self) -> str:
        return f"{self.theme} ({self.site})"
