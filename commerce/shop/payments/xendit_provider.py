"""Xendit invoices as a payment provider: QRIS, e-wallets, bank virtual accounts and retail
outlets on Xendit's hosted page, in rupiah (`xendit_gateway` is the only module that talks to
Xendit).

A callback carries a shared token, not a signature of its body: after checking the token, the
invoice is read again from Xendit's API, and only what that says is acted on. Callbacks carry
no event id; "<invoice id>:<state>" stands for one, so a redelivered callback is recognised.
"""

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from decimal import Decimal

from commerce.catalogue.money import from_minor_units, to_minor_units
from commerce.shop.exceptions import InvalidWebhook, PaymentProviderRefused
from commerce.shop.payments import xendit_gateway
from commerce.shop.payments.contract import (
    CheckoutRequest,
    CheckoutState,
    Notification,
    PaymentChoice,
    ProviderCheckout,
    ProviderRefund,
    RefundedTotal,
    RefundState,
)
from commerce.shop.payments.xendit_conf import xendit_enabled
from commerce.shop.payments.xendit_types import (
    Invoice,
    InvoiceItem,
    InvoiceRequest,
    InvoiceState,
    XenditRefund,
)
from commerce.shop.payments.xendit_types import RefundState as XenditRefundState

PROVIDER = "xendit"
CURRENCY = "IDR"
# As long as a card checkout: the invoice ends with the stock it holds.
CHECKOUT_LIFETIME = timedelta(minutes=30)
CALLBACK_TOKEN_HEADER = "x-callback-token"

_CHECKOUT_STATES = {
    InvoiceState.PENDING: CheckoutState.OPEN,
    InvoiceState.PAID: CheckoutState.PAID,
    InvoiceState.EXPIRED: CheckoutState.EXPIRED,
}
_REFUND_STATES = {
    XenditRefundState.PENDING: RefundState.PENDING,
    XenditRefundState.SUCCEEDED: RefundState.SUCCEEDED,
    XenditRefundState.FAILED: RefundState.FAILED,
}


def _checkout(invoice: Invoice) -> ProviderCheckout:
    # A paid invoice is judged by what was paid, so another amount needs attention.
    paid = invoice.paid_amount if invoice.is_paid and invoice.paid_amount is not None else None
    return ProviderCheckout(
        provider=PROVIDER,
        id=invoice.id,
        order_reference=invoice.external_id,
        state=_CHECKOUT_STATES[invoice.status],
        amount=to_minor_units(paid if paid is not None else invoice.amount, invoice.currency),
        currency=invoice.currency,
        url=invoice.invoice_url,
        payment_id=invoice.id if invoice.is_paid else "",
        email=invoice.payer_email,
        method=invoice.payment_channel or invoice.payment_method,
        expires_at=invoice.expiry_date,
    )


def _refund(refund: XenditRefund, invoice_id: str = "") -> ProviderRefund:
    return ProviderRefund(
        provider=PROVIDER,
        id=refund.id,
        state=_REFUND_STATES[refund.status],
        amount=to_minor_units(refund.amount, CURRENCY),
        currency=CURRENCY,
        payment_id=refund.invoice_id or invoice_id,
        request_key=refund.reference,
    )


class XenditProvider:
    """QRIS, e-wallets, virtual accounts and retail outlets through Xendit invoices."""

    name = PROVIDER

    def is_enabled(self) -> bool:
        return xendit_enabled()

    def choice(self) -> PaymentChoice:
        return PaymentChoice(
            self.name,
            "QRIS, e-wallet or bank transfer",
            ("QRIS", "OVO", "DANA", "ShopeePay", "Virtual account", "Alfamart", "Indomaret"),
        )

    def checkout_lifetime(self) -> timedelta:
        return CHECKOUT_LIFETIME

    def opening_budget_seconds(self) -> float:
        return xendit_gateway.opening_budget_seconds()

    def start_checkout(self, request: CheckoutRequest) -> ProviderCheckout:
        if request.currency != CURRENCY:
            raise PaymentProviderRefused(f"Xendit invoices here are in {CURRENCY} only.")
        invoice = xendit_gateway.create_invoice(
            InvoiceRequest(
                order_reference=request.order_reference,
                amount=from_minor_units(request.amount, request.currency),
                currency=request.currency,
                description=f"Order {request.order_reference}",
                expires_at=request.expires_at,
                success_redirect_url=request.success_url,
                failure_redirect_url=request.cancel_url,
                items=tuple(
                    InvoiceItem(
                        line.name,
                        line.quantity,
                        from_minor_units(line.unit_amount, request.currency),
                    )
                    for line in request.lines
                ),
                payer_email=request.email,
            )
        )
        return _checkout(invoice)

    def get_checkout(self, checkout_id: str) -> ProviderCheckout:
        return _checkout(xendit_gateway.get_invoice(checkout_id))

    def expire_checkout(self, checkout_id: str) -> ProviderCheckout:
        try:
            return _checkout(xendit_gateway.expire_invoice(checkout_id))
        except PaymentProviderRefused:  # paid (or expired) meanwhile: say what it is now
            return self.get_checkout(checkout_id)

    def recent_checkouts(self, created_since: datetime) -> Iterator[ProviderCheckout]:
        for invoice in xendit_gateway.list_invoices(created_since):
            yield _checkout(invoice)

    def read_notification(self, body: bytes, headers: Mapping[str, str]) -> Notification:
        if xendit_gateway.is_payout_callback(body):
            update = xendit_gateway.read_payout_callback(body, headers.get(CALLBACK_TOKEN_HEADER))
            return Notification(
                provider=PROVIDER,
                id=f"payout:{update.provider_id}:{update.state}",
                kind=f"payout.{update.state}",
                object_id=update.provider_id,
                payout=update,
            )
        xendit_gateway.verify_callback_token(headers.get(CALLBACK_TOKEN_HEADER))
        callback = xendit_gateway.parse_invoice_callback(body)
        try:
            checkout = self.get_checkout(callback.invoice_id)  # what Xendit says, not the body
        except PaymentProviderRefused as error:  # an invoice Xendit does not know
            raise InvalidWebhook(f"Xendit knows no invoice {callback.invoice_id}.") from error
        return Notification(
            provider=PROVIDER,
            id=f"{checkout.id}:{checkout.state}",
            kind=f"invoice.{checkout.state}",
            object_id=checkout.id,
            checkout=checkout,
        )

    def create_refund(
        self, payment_id: str, amount: int, currency: str, request_key: str, order_reference: str
    ) -> ProviderRefund:
        refund = xendit_gateway.create_refund(
            payment_id, from_minor_units(amount, currency), reference=request_key
        )
        return _refund(refund, payment_id)

    def find_refund(self, payment_id: str, request_key: str) -> ProviderRefund | None:
        found = xendit_gateway.find_refund(payment_id, request_key)
        return _refund(found, payment_id) if found is not None else None

    def get_refund(self, refund_id: str) -> ProviderRefund:
        return _refund(xendit_gateway.get_refund(refund_id))

    def refunded_total(self, payment_id: str) -> RefundedTotal | None:
        refunds = xendit_gateway.list_refunds(payment_id)
        succeeded = sum(
            (refund.amount for refund in refunds if refund.status == XenditRefundState.SUCCEEDED),
            Decimal(0),
        )
        return RefundedTotal(PROVIDER, payment_id, to_minor_units(succeeded, CURRENCY), CURRENCY)
