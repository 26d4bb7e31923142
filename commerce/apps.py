from django.apps import AppConfig


class CommerceConfig(AppConfig):
    name = "commerce"
    verbose_name = "Shop"

    def ready(self) -> None:
        from commerce import checks  # noqa: F401  (registers the system checks)
