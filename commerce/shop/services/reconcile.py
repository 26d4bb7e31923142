"""Heal what missed notifications, lost answers and mail outages left behind: ask every payment
provider about recent and stale checkouts, delayed payments, refunds, and send the e-mails that
failed."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from commerce.catalogue.exceptions import CommerceError
from commerce.catalogue.money import format_money
from commerce.shop.exceptions import (
    PaymentProviderRefused,
    PaymentProviderUnavailable,
    PaymentsNotConfigured,
    UnknownOrder,
)
from commerce.shop.models import Order
from commerce.shop.payments.registry import enabled_providers, provider_of
from commerce.shop.services.fulfilment import (
    abandon_checkout,
    order_for_checkout,
    settle_delayed_payment,
    settle_order,
)
from commerce.shop.services.notifications import send_order_confirmation, unconfirmed_orders
from commerce.shop.services.refunds import (
    pending_refunds,
    record_charge_refunds,
    record_refund_update,
    send_refund,
    unanswered_refunds,
)

# A delayed payment (a bank transfer) not heard of for this long is asked about at its provider.
PROCESSING_CHECK_AFTER = timedelta(hours=1)


@dataclass
class ReconcileReport:
    """What a reconcile run looked at and changed."""

    sessions_checked: int = 0
    orders_changed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    needs_attention: list[str] = field(default_factory=list)

    def record_change(self, order: Order, before: str) -> None:
        """Note that `order` moved from status `before` (and whether a person must look)."""
        if order.status == before:
            return
        self.orders_changed.append(
            f"{order.reference}: {Order.Status(before).label} → {order.get_status_display()}"
        )
        if order.status == Order.Status.NEEDS_ATTENTION:
            self.needs_attention.append(
                f"{order.reference}: {Order.Provider(order.payment_provider).label} reports "
                "another amount or currency; see its history in the orders admin."
            )


def reconcile_recent_checkouts(since: timedelta, report: ReconcileReport) -> None:
    """Apply the state of every hosted checkout opened in the last `since`, at every provider
    that is on, to its order.

    Raises:
        PaymentsNotConfigured: when no provider is on.
        PaymentProviderError: when a provider cannot list its checkouts.
    """
    providers = enabled_providers()
    if not providers:
        raise PaymentsNotConfigured("Payments are not configured on this site: no provider is on.")
    for provider in providers:
        for checkout in provider.recent_checkouts(timezone.now() - since):
            report.sessions_checked += 1
            try:
                order = order_for_checkout(checkout)
                before = order.status
                order = settle_order(order, checkout)
            except UnknownOrder:
                continue  # another integration's checkout on the same provider account
            except CommerceError as error:
                report.errors.append(f"{checkout.id}: {error.message}")
                continue
            report.record_change(order, before)


def release_stale_reservations(report: ReconcileReport) -> None:
    """Settle pending orders whose checkout should have expired: paid ones are fulfilled, the
    rest closed at their provider and their stock put back."""
    stale = Order.objects.filter(
        status=Order.Status.PENDING, reservation_expires_at__lt=timezone.now()
    )
    for order in stale:
        try:
            settled = abandon_checkout(order, "The checkout outlived its expiry")
        except CommerceError as error:  # one order's problem must not stop the others
            report.errors.append(f"{order.reference}: {error.message}")
            continue
        if settled.status == Order.Status.PENDING:
            provider = Order.Provider(order.payment_provider).label
            report.errors.append(f"{order.reference}: {provider} could not be asked; left pending.")
        report.record_change(settled, Order.Status.PENDING)


def settle_processing_orders(report: ReconcileReport) -> None:
    """Ask the providers about delayed payments not heard of for PROCESSING_CHECK_AFTER: their
    units are held without an end, so a lost notification would hold them for ever."""
    waiting = Order.objects.filter(
        status=Order.Status.PROCESSING, updated_at__lt=timezone.now() - PROCESSING_CHECK_AFTER
    )
    for order in waiting:
        try:
            settled = settle_delayed_payment(order)
        except CommerceError as error:
            report.errors.append(f"{order.reference}: {error.message}")
            continue
        report.record_change(settled, Order.Status.PROCESSING)


def sync_recent_refunds(since: timedelta, report: ReconcileReport) -> None:
    """Take the refunded total of the payment of every order paid in the last `since` from its
    provider, so refunds whose notification never came, or that were made in the provider's
    dashboard, still reach the order (and its commissions)."""
    paid = Order.objects.filter(
        status__in=Order.PAID_STATUSES, paid_at__gte=timezone.now() - since
    ).exclude(provider_payment_id="")
    for order in paid:
        try:
            total = provider_of(order).refunded_total(order.provider_payment_id)
        except CommerceError as error:
            report.errors.append(f"{order.reference}: {error.message}")
            continue
        if total is None:
            continue
        synced = record_charge_refunds(total)
        if synced is not None and synced.refunded_amount != order.refunded_amount:
            report.orders_changed.append(
                f"{order.reference}: refunded "
                f"{format_money(order.refunded_amount, order.currency)} → "
                f"{format_money(synced.refunded_amount, order.currency)}"
            )


def retry_unanswered_refunds(report: ReconcileReport) -> None:
    """Ask the providers again about refunds whose answer never came (they never refund
    twice)."""
    for refund in unanswered_refunds():
        order = refund.order
        label = f"{order.reference}: refund of {format_money(refund.amount, order.currency)}"
        try:
            refund = send_refund(refund)
        except PaymentProviderRefused as error:
            report.orders_changed.append(f"{label} → Failed ({error.message})")
            continue
        except PaymentProviderUnavailable as error:
            report.errors.append(f"{label}: {error.message}")
            continue
        report.orders_changed.append(f"{label} → {refund.get_status_display()}")


def send_missing_confirmations(since: timedelta, report: ReconcileReport) -> None:
    """Send the confirmation of orders paid in the last `since` whose e-mail failed."""
    for order in unconfirmed_orders(since):
        if send_order_confirmation(order.pk):
            report.orders_changed.append(f"{order.reference}: confirmation e-mail sent")
        else:
            report.errors.append(f"{order.reference}: the confirmation e-mail could not be sent.")


def sync_pending_refunds(report: ReconcileReport) -> None:
    """Ask the providers how refunds they had not finished ended (their notification may never
    have come)."""
    for refund in pending_refunds():
        order = refund.order
        label = f"{order.reference}: refund of {format_money(refund.amount, order.currency)}"
        try:
            result = provider_of(order).get_refund(str(refund.provider_refund_id))
        except CommerceError as error:
            report.errors.append(f"{label}: {error.message}")
            continue
        settled = record_refund_update(result)
        if settled is not None and settled.status != refund.status:
            report.orders_changed.append(f"{label} → {settled.get_status_display()}")


def reconcile_payments(since: timedelta) -> ReconcileReport:
    """Heal orders whose notifications never came (recent checkouts, delayed payments,
    refunds), release stock of expired checkouts, settle refunds whose answer from the provider
    never came, and send confirmations whose e-mail failed.

    Raises:
        PaymentsNotConfigured: when no provider is on.
        PaymentProviderError: when a provider cannot list its recent checkouts.
    """
    report = ReconcileReport()
    reconcile_recent_checkouts(since, report)
    release_stale_reservations(report)
    settle_processing_orders(report)
    retry_unanswered_refunds(report)
    sync_pending_refunds(report)
    sync_recent_refunds(since, report)
    send_missing_confirmations(since, report)
    return report
