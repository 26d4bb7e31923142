from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from search import checks, signals  # noqa: F401  (registers the check and receivers)

        signals.connect_receivers()
