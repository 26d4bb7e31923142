from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    """Products, their variants and stock, money, and readers' reviews: what stories show."""

    name = "commerce.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from commerce.catalogue import checks  # noqa: F401  (registers the system checks)
