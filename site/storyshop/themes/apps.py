from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "storyshop.themes"
    label = "themes"
    verbose_name = "Themes"

    def ready(self):
        from storyshop.themes import signals  # noqa: F401  (registers the receivers)
