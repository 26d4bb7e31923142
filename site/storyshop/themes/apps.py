from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "storyshop.themes"
    label = "themes"
    verbose_name = "Themes"

    def ready(self):
        from storyshop.themes import checks, signals  # noqa: F401  (registers checks, receivers)
