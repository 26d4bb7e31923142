"""The shop's settings per Wagtail Site, chosen by editors under Settings → Shop."""

from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

# A phone number in international form: a country code, then 6 to 14 more digits; spaces,
# dashes and brackets are allowed and dropped (wa.me takes digits only).
WHATSAPP_NUMBER = RegexValidator(
    r"^\+?[1-9][\d\s().-]{6,20}$", "A number with its country code, e.g. +62 812 3456 7890."
)


@register_setting(icon="cogs")
class ShopSettings(BaseSiteSetting):
    """How readers may reach the shop to order."""

    whatsapp_number = models.CharField(
        "WhatsApp number",
        max_length=24,
        blank=True,
        validators=[WHATSAPP_NUMBER],
        help_text="The shop's WhatsApp number with its country code, e.g. +62 812 3456 7890. "
        'With one, the cart offers "Order via WhatsApp"; empty, it does not.',
    )

    panels = [FieldPanel("whatsapp_number")]

    class Meta:
        verbose_name = "Shop"

    def __str__(self) -> str:
        return f"Shop settings ({self.site})"

    @property
    def whatsapp_digits(self) -> str:
        """The number as wa.me takes it: digits only."""
        return "".join(character for character in self.whatsapp_number if character.isdigit())
