"""System checks: the payment settings are reported at start-up, not at the first sale."""

from typing import Any

from django.core.checks import CheckMessage, Error, register

from commerce.shop.conf import configuration_problems


@register("commerce")
def check_payment_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Report every invalid STRIPE_* or STORYSHOP_* setting as an error."""
    return [
        Error(problem, hint="See the README's payments section.", id="commerce.E001")
        for problem in configuration_problems()
    ]
