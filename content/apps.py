from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Stories"

    def ready(self) -> None:
        from content import checks, signals  # noqa: F401  (registers checks and receivers)
