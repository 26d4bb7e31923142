"""The product chooser in the admin: each row shows the picture, price and stock."""

from django.db.models import QuerySet
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet

from commerce.catalogue.models import Product
from commerce.catalogue.money import format_money


class ProductThumbnailColumn(Column):
    """The product's card picture, small (the rendition `for_cards()` prefetched)."""

    cell_template_name = "commerce/admin/product_thumbnail_cell.html"


class ProductChooseMixin:
    """Lists products with what a card shows, so editors pick the right one at a glance."""

    def get_object_list(self) -> QuerySet[Product]:
        return Product.objects.for_cards()

    @property
    def columns(self) -> list[Column]:
        columns: list[Column] = super().columns  # type: ignore[misc]
        return [
            ProductThumbnailColumn("image", label="Picture"),
            *columns,
            Column("price", label="Price", accessor=_price_label),
            Column("stock", label="Stock", accessor=_stock_label),
        ]


def _price_label(product: Product) -> str:
    prefix = "from " if product.has_price_range else ""
    return prefix + format_money(product.price_from, product.currency)


def _stock_label(product: Product) -> str:
    state = product.stock_label if product.is_active else "Inactive: hidden from readers"
    return f"{product.stock} · {state}"


class ProductChooseView(ProductChooseMixin, ChooseView):
    pass


class ProductChooseResultsView(ProductChooseMixin, ChooseResultsView):
    pass


class ProductChooserViewSet(SnippetChooserViewSet):
    """Snippet chooser for products with picture, price and stock columns."""

    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView
