"""Stock editing that does not undo what readers did meanwhile.

A variant's stock changes while an editor has its form open (checkouts hold units, expired ones
give them back). The stock input carries the number the editor was shown, so the editor's
change is what they typed minus what they were shown. Saving locks the variants' rows and adds
that change to the stock as it is then: a checkout that held units between the form's display
and its save is kept, and an untouched stock stays whatever checkouts made of it.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.safestring import SafeString
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel

from commerce.catalogue.actions import ChangeStockAction
from commerce.catalogue.models import ProductVariant

SHOWN_SUFFIX = "-shown"


class StockInput(forms.NumberInput):
    """A number input followed by a hidden input with the number it was shown with."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        shown = forms.HiddenInput().render(name + SHOWN_SUFFIX, value, {}, renderer)
        return super().render(name, value, attrs, renderer) + shown


class VariantStockForm(WagtailAdminModelForm):
    """A variant form whose stock field carries the editor's change, not an absolute number."""

    stock_change = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "stock" in self.fields:
            self.fields["stock"].widget = StockInput(attrs={"min": 0})

    def clean_stock(self) -> int:
        stock: int = self.cleaned_data["stock"]
        if self.instance.pk is None:
            return stock  # a new variant: the number typed is its stock
        try:
            shown = int(str(self.data.get(self.add_prefix("stock") + SHOWN_SUFFIX)))
        except ValueError:
            raise ValidationError(
                "This form does not say which stock it showed; reload the page."
            ) from None
        self.stock_change = stock - shown
        now = ProductVariant.objects.filter(pk=self.instance.pk).values_list("stock", flat=True)
        left = now[0] if now else 0
        if left + self.stock_change < 0:
            raise ValidationError(
                f"Readers' checkouts hold units meanwhile: {left} can still be bought, so "
                f"{-self.stock_change} cannot be taken off. Reload the page to see the stock now."
            )
        return stock

    def save(self, commit: bool = True) -> Model:
        if not commit or self.instance.pk is None:
            return super().save(commit)
        action = ChangeStockAction(
            self.instance, {self.instance.pk: self.stock_change}, self.for_user
        )
        return action.execute(save_form=lambda: super(VariantStockForm, self).save(commit))


class ProductStockForm(WagtailAdminModelForm):
    """A product form that saves its variants' stock as the editors' changes (see above)."""

    def save(self, commit: bool = True) -> Model:
        changes = {
            form.instance.pk: form.stock_change
            for form in self.formsets["variants"].forms
            if isinstance(form, VariantStockForm)
            and form.instance.pk is not None
            and not form.cleaned_data.get("DELETE")
        }
        if not commit or not changes:
            return super().save(commit)
        action = ChangeStockAction(self.instance, changes, self.for_user)
        return action.execute(save_form=lambda: super(ProductStockForm, self).save(commit))


class VariantInlinePanel(InlinePanel):
    """The product form's variants, edited with `VariantStockForm`."""

    def get_form_options(self) -> dict[str, Any]:
        options: dict[str, Any] = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = VariantStockForm
        return options
