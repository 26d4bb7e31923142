"""Staff actions on orders. Each is one object, as Wagtail's own actions are: it checks the
user's permission, makes the change through the shop's services, and records who did what in
Wagtail's audit log (the order's entries in "Site history")."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from wagtail.actions.base import BaseAction
from wagtail.log_actions import LogFormatter, log

from commerce.catalogue.money import format_money
from commerce.shop.exceptions import PaymentProviderError
from commerce.shop.models import Order, Refund
from commerce.shop.permissions import order_permission_policy
from commerce.shop.services.refunds import refund_order
from commerce.shop.services.settlement import Settlement, settle_by_hand

REFUND_LOG_ACTION = "storyshop.order.refund"
SETTLE_LOG_ACTION = "storyshop.order.settle"
# Logged by `commerce.shop.services.payouts` on the payout (its entries in "Site history").
PAYOUT_LOG_ACTIONS = {
    "storyshop.payout.create": ("Make payout", "Made the payout"),
    "storyshop.payout.paid": ("Payout paid", "Marked the payout paid"),
    "storyshop.payout.failed": ("Payout failed", "The payout failed; its entries are payable"),
}


class OrderAction(BaseAction):
    """An action on one order, allowed by the shop's order permission policy."""

    permission_error_class = PermissionDenied

    def __init__(self, order: Order, user: Any = None) -> None:
        super().__init__(order, user=user)
        self.order = order

    @cached_property
    def permission_policy(self) -> Any:
        return order_permission_policy

    def user_has_permission(self) -> bool:
        return bool(self.permission_policy.user_has_permission(self.user, self.action_name))


class RefundOrderAction(OrderAction):
    """Refund chosen units of an order's lines through Stripe ({order line id: units}); a
    repeated request (the same `request_key`) refunds once and is logged only if it changed
    something (see `refund_order`)."""

    action_name = "refund"

    def __init__(
        self, order: Order, quantities: Mapping[int, int], request_key: str, user: Any = None
    ) -> None:
        super().__init__(order, user=user)
        self.quantities = quantities
        self.request_key = request_key

    def execute(self, skip_permission_checks: bool = False) -> Refund:
        """Refund, and log the refund's new state (also when Stripe refused or did not answer).

        Raises:
            PermissionDenied: when the user may not refund orders.
            RefundNotAllowed, PaymentProviderError: as `refund_order` (nothing is logged for a
                refusal before anything was recorded).
        """
        self.check(skip_permission_checks=skip_permission_checks)
        before = self._refund_status()
        try:
            refund = refund_order(self.order, self.quantities, self.request_key, self.user)
        except PaymentProviderError:
            self._log_if_changed(before)
            raise
        self._log_if_changed(before)
        return refund

    def _refund_status(self) -> str | None:
        return (
            Refund.objects.filter(request_key=self.request_key)
            .values_list("status", flat=True)
            .first()
        )

    def _log_if_changed(self, before: str | None) -> None:
        refund = Refund.objects.filter(request_key=self.request_key).first()
        if refund is None or refund.status == before:
            return
        lines = refund.lines.select_related("order_line").order_by("pk")
        log(
            instance=self.order,
            action=REFUND_LOG_ACTION,
            user=self.user,
            data={
                "refund": refund.pk,
                "amount": str(refund.amount),
                "currency": self.order.currency,
                "status": refund.status,
                "status_label": refund.get_status_display(),
                "failure": refund.failure_message,
                "lines": [{"sku": line.order_line.sku, "units": line.quantity} for line in lines],
            },
        )


class SettleOrderAction(OrderAction):
    """Settle by hand an order that needs attention (see `settle_by_hand`)."""

    action_name = "settle"

    def __init__(self, order: Order, settlement: Settlement, note: str, user: Any = None) -> None:
        super().__init__(order, user=user)
        self.settlement = settlement
        self.note = note

    def execute(self, skip_permission_checks: bool = False) -> Order:
        """Settle the order and log the decision with its note.

        Raises:
            PermissionDenied: when the user may not settle orders.
            OrderNotSettleable: when the order does not need attention (nothing changes).
        """
        self.check(skip_permission_checks=skip_permission_checks)
        order = settle_by_hand(self.order, self.settlement, self.note)
        log(
            instance=order,
            action=SETTLE_LOG_ACTION,
            user=self.user,
            data={
                "settlement": str(self.settlement),
                "settlement_label": self.settlement.label,
                "status_label": order.get_status_display(),
                "note": self.note,
            },
        )
        return order


class RefundLogFormatter(LogFormatter):
    label = "Refund"

    def format_message(self, log_entry: Any) -> str:
        data = log_entry.data
        units = ", ".join(f"{line['units']} x {line['sku']}" for line in data.get("lines", []))
        amount = format_money(Decimal(data["amount"]), data["currency"])
        failure = f" ({data['failure']})" if data.get("failure") else ""
        return f"Refund of {amount} for {units}: {data['status_label']}{failure}"


class SettleLogFormatter(LogFormatter):
    label = "Settle by hand"

    def format_message(self, log_entry: Any) -> str:
        data = log_entry.data
        return f"{data['settlement_label']} ({data['status_label']})"

    def format_comment(self, log_entry: Any) -> str:
        return str(log_entry.data.get("note", ""))
