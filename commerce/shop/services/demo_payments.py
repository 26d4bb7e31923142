"""The reader's choice on the demo provider's page, sent through the shop's notification path."""

from commerce.shop.models import DemoCheckout
from commerce.shop.payments.demo_provider import PROVIDER, take_readers_choice
from commerce.shop.services.webhooks import handle_notification


def pay_on_demo_page(checkout_id: str, paid: bool, method: str) -> DemoCheckout:
    """Pay (or fail) a demo checkout as its reader chose, and let the shop hear of it exactly as
    it hears of a real provider's payment: a signed notification, verified, stored once, acted
    on (paid: stock committed, commissions, e-mail).

    Raises:
        PaymentProviderRefused: for an unknown checkout, one no longer open, or an unknown
            method (nothing changes).
    """
    body, headers = take_readers_choice(checkout_id, paid, method)
    handle_notification(PROVIDER, body, headers)
    return DemoCheckout.objects.get(checkout_id=checkout_id)
