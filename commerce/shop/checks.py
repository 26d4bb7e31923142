"""System checks: the payment, stock-hold and rate-limit settings are reported at start-up, not
at the first sale."""

from typing import Any

from django.core.checks import CheckMessage, Error, register

from commerce.shop.conf import configuration_problems
from commerce.shop.payments import xendit_conf
from storyshop import ratelimits


@register("commerce")
def check_payment_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Report every invalid STRIPE_* or STORYSHOP_* setting as an error."""
    return [
        Error(problem, hint="See the README's payments section.", id="commerce.E001")
        for problem in configuration_problems()
    ]


@register("commerce")
def check_rate_limits(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Report every invalid per-client rate limit (storyshop.ratelimits: the shop's and
    search's) as an error."""
    return [
        Error(problem, hint="See the README's configuration table.", id="commerce.E002")
        for problem in ratelimits.configuration_problems()
    ]


@register("commerce")
def check_xendit_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Report every invalid XENDIT_* setting as an error."""
    return [
        Error(problem, hint="See the README's Xendit set-up.", id="commerce.E003")
        for problem in xendit_conf.configuration_problems()
    ]
