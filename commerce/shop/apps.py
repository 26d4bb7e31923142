from django.apps import AppConfig


class ShopConfig(AppConfig):
    """Cart, checkout, orders, payments, refunds, commissions and creators' widgets.

    The app keeps the label `commerce` its tables, permissions and migrations were made under.
    """

    name = "commerce.shop"
    label = "commerce"
    verbose_name = "Shop"

    def ready(self) -> None:
        from commerce.shop import checks  # noqa: F401  (registers the system checks)
