"""Forms that parse what a reader posts: ids and quantities only, never prices."""

from typing import Any

from django import forms

from commerce.shop.services.cart import QUANTITY_MESSAGE

# Only parsed here: `check_quantity` is the one place its bounds are checked.
QUANTITY_ERRORS = dict.fromkeys(("required", "invalid"), QUANTITY_MESSAGE)
VARIANT_ERRORS = dict.fromkeys(("required", "invalid", "min_value"), "Choose a product.")


class CartRemoveForm(forms.Form):
    variant = forms.IntegerField(min_value=1, error_messages=VARIANT_ERRORS)

    def first_error(self) -> str:
        """The first problem, as one sentence for the reader."""
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class CartUpdateForm(CartRemoveForm):
    quantity = forms.IntegerField(error_messages=QUANTITY_ERRORS)


class CartAddForm(CartUpdateForm):
    """A variant and a quantity, and optionally the story and block it is bought from."""

    page = forms.IntegerField(
        min_value=1,
        required=False,
        error_messages=dict.fromkeys(("invalid", "min_value"), "That story does not exist."),
    )
    block = forms.CharField(
        max_length=64,
        required=False,
        error_messages={"max_length": "That block id is malformed."},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["block"] = cleaned.get("block") or ""
        return cleaned


class CheckoutChoiceForm(forms.Form):
    """How the reader pays (a provider's name) and, optionally, where the receipt goes: some
    providers' pages (Xendit's) do not ask for an e-mail address."""

    provider = forms.CharField(max_length=20, required=False)
    email = forms.EmailField(
        required=False, error_messages={"invalid": "Enter a valid e-mail address."}
    )

    def first_error(self) -> str:
        """The first problem, as one sentence for the reader."""
        for errors in self.errors.values():
            return str(errors[0])
        return ""


RATING_CHOICES = [(stars, f"{stars} out of 5") for stars in range(5, 0, -1)]


class ReviewForm(forms.Form):
    """A buyer's review: stars, words and the name shown with it (never their e-mail)."""

    rating = forms.TypedChoiceField(
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=dict.fromkeys(("required", "invalid_choice"), "Choose 1 to 5 stars."),
    )
    title = forms.CharField(max_length=120, required=False)
    body = forms.CharField(
        label="Your review", max_length=3000, widget=forms.Textarea(attrs={"rows": 6})
    )
    author_name = forms.CharField(
        label="Name shown with your review",
        max_length=80,
        help_text="A first name or a nickname is enough.",
    )
