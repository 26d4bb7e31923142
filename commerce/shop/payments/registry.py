"""The shop's payment providers, in the order readers are offered them, and the provider of
an order. The one place that names them; nothing looks a provider up any other way."""

from commerce.shop.exceptions import PaymentsNotConfigured
from commerce.shop.models import Order
from commerce.shop.payments.contract import PaymentChoice, PaymentProvider
from commerce.shop.payments.demo_provider import DemoProvider
from commerce.shop.payments.stripe_provider import StripeProvider
from commerce.shop.payments.xendit_provider import XenditProvider

# Offered in this order: Indonesia's own ways first; the demo only where no real one is on.
PROVIDERS: dict[str, PaymentProvider] = {
    provider.name: provider for provider in (XenditProvider(), StripeProvider(), DemoProvider())
}


def enabled_providers() -> list[PaymentProvider]:
    """The providers readers may pay through now (their settings complete and valid)."""
    return [provider for provider in PROVIDERS.values() if provider.is_enabled()]


def payments_available() -> bool:
    """True when readers can pay: at least one provider is on."""
    return any(provider.is_enabled() for provider in PROVIDERS.values())


def payment_choices() -> list[PaymentChoice]:
    """How readers may pay now, as the cart offers it."""
    return [provider.choice() for provider in enabled_providers()]


def provider_named(name: str) -> PaymentProvider:
    """The provider called `name` (an `Order.Provider` value).

    Raises:
        PaymentsNotConfigured: for a name the shop does not know.
    """
    try:
        return PROVIDERS[name]
    except KeyError:
        raise PaymentsNotConfigured(f"The shop has no payment provider {name!r}.") from None


def provider_of(order: Order) -> PaymentProvider:
    """The provider `order` is paid through."""
    return provider_named(order.payment_provider)
