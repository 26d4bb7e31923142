"""Stock editing that does not undo what readers did meanwhile.

A variant's stock changes while an editor has its form open (checkouts hold units, expired ones
give them back). The stock input carries the number the editor was shown; saving keeps the
current stock when the editor did not change it, and refuses a change made to a number that is
no longer true.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel

SHOWN_SUFFIX = "-shown"


class StockInput(forms.NumberInput):
    """A number input followed by a hidden input with the number it was shown with."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        shown = forms.HiddenInput().render(name + SHOWN_SUFFIX, value, {}, renderer)
        return super().render(name, value, attrs, renderer) + shown


class VariantStockForm(WagtailAdminModelForm):
    """A variant form whose stock field respects concurrent checkouts."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "stock" in self.fields:
            self.fields["stock"].widget = StockInput(attrs={"min": 0})

    def clean_stock(self) -> int:
        stock: int = self.cleaned_data["stock"]
        if self.instance.pk is None:
            return stock
        current = (
            type(self.instance).objects.filter(pk=self.instance.pk).values_list("stock", flat=True)
        )
        raw_shown = self.data.get(self.add_prefix("stock") + SHOWN_SUFFIX)
        if not current or raw_shown in (None, ""):
            return stock
        try:
            shown = int(str(raw_shown))
        except ValueError:
            return stock
        now = current[0]
        if stock == shown:
            return now  # untouched: keep what checkouts made of it meanwhile
        if shown != now:
            raise ValidationError(
                f"Readers' checkouts changed this stock from {shown} to {now} while you were "
                "editing. Check the number and save again."
            )
        return stock


class VariantInlinePanel(InlinePanel):
    """The product form's variants, edited with `VariantStockForm`."""

    def get_form_options(self) -> dict[str, Any]:
        options: dict[str, Any] = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = VariantStockForm
        return options
