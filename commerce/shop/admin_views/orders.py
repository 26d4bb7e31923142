"""Orders in the Wagtail admin: read-only, with their lines, history, Stripe ids, the story that
sold them; staff allowed to refund refund them, and staff allowed to settle orders settle by hand
one that needs attention. Both are actions (`commerce.shop.actions`): checked, done and
audit-logged in one place."""

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from commerce.catalogue.money import format_money
from commerce.shop.actions import RefundOrderAction, SettleOrderAction
from commerce.shop.exceptions import OrderNotSettleable, PaymentProviderError, RefundNotAllowed
from commerce.shop.models import CommissionEntry, Order, OrderLine
from commerce.shop.services.refunds import refundable_quantities
from commerce.shop.services.settlement import Settlement

REFUND_FORM_ID = "refund-form"


class RefundForm(forms.Form):
    """A refund request: how many units of each line (the server prices them), and the key that
    makes the request once. Only a request key: ask Stripe again about that request."""

    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, order: Order, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = list(order.lines.select_related("source_page", "creator"))
        self.left = refundable_quantities(order)
        for line in self.lines:
            self.fields[self.field_name(line)] = forms.IntegerField(
                required=False,
                min_value=0,
                label=f"Units of {line.sku} to refund",
                widget=forms.NumberInput(
                    attrs={"form": REFUND_FORM_ID, "min": 0, "max": self.left[line.pk]}
                ),
            )

    @staticmethod
    def field_name(line: OrderLine) -> str:
        return f"line-{line.pk}"

    def quantities(self) -> dict[int, int]:
        """The units asked for, by order line id (lines left empty or at 0 are not asked for)."""
        return {
            line.pk: units
            for line in self.lines
            if (units := self.cleaned_data.get(self.field_name(line)))
        }

    def line_rows(self) -> list[tuple[OrderLine, forms.BoundField, int]]:
        """Each line with its quantity input and the units of it left to refund."""
        return [(line, self[self.field_name(line)], self.left[line.pk]) for line in self.lines]


class SettleForm(forms.Form):
    """Staff's decision about an order that needs attention, and why."""

    settlement = forms.ChoiceField(
        label="Decision", choices=Settlement.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Why (kept in the order's history)",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "e.g. the buyer paid the difference by bank"}),
    )


class OrderInspectView(InspectView):
    template_name = "commerce/admin/order_inspect.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        order: Order = self.object
        can_refund = self.permission_policy.user_has_permission(self.request.user, "refund")
        can_settle = self.permission_policy.user_has_permission(self.request.user, "settle")
        refund_form = RefundForm(order, initial={"request_key": uuid.uuid4().hex})
        context.update(
            can_ask_again=can_refund,
            order=order,
            line_rows=refund_form.line_rows(),
            history=order.history.all(),
            refunds=order.refunds.select_related("requested_by"),
            commission_entries=CommissionEntry.objects.filter(order=order).select_related(
                "creator"
            ),
            can_refund=can_refund and order.refundable_amount > 0,
            refund_form=refund_form,
            refund_form_id=REFUND_FORM_ID,
            refund_url=reverse("orders:refund", args=[order.pk]),
            can_settle=can_settle and order.status == Order.Status.NEEDS_ATTENTION,
            settle_form=SettleForm(),
            settle_url=reverse("orders:settle", args=[order.pk]),
        )
        return context


def _credited_creators(order: Order) -> str:
    """The creators the order's lines credit, for the listing (prefetched by the index)."""
    names = dict.fromkeys(str(line.creator) for line in getattr(order, "credited_lines", ()))
    return ", ".join(names) or "—"


class OrderIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[Order]:
        credited = OrderLine.objects.filter(creator__isnull=False).select_related("creator")
        return Order.objects.prefetch_related(Prefetch("lines", credited, to_attr="credited_lines"))


class OrderViewSet(ModelViewSet):
    model = Order
    index_view_class = OrderIndexView
    name = "orders"
    icon = "list-ul"
    menu_label = "Orders"
    menu_order = 220
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = OrderInspectView
    copy_view_enabled = False
    add_to_reference_index = False  # orders point at pages; nothing needs to find them by that
    list_display = [
        "reference",
        Column("status", label="Status", accessor="get_status_display"),
        Column("total", label="Total", accessor=lambda o: format_money(o.total, o.currency)),
        "email",
        Column("credited", label="Credited to", accessor=_credited_creators),
        DateColumn("created_at", label="Placed"),
    ]
    list_filter = ["status", "currency"]
    search_fields = ["reference", "email", "provider_checkout_id", "provider_payment_id"]
    ordering = ["-created_at"]

    def get_urlpatterns(self) -> list[Any]:
        # Orders are never added, edited or deleted here: only the shop's services write them.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("refund/<int:pk>/", refund_view, name="refund"),
            path("settle/<int:pk>/", settle_view, name="settle"),
        ]


@require_POST
def refund_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Refund chosen units of an order's lines through Stripe; a repeated submission refunds once
    (and asks Stripe again while its answer is unknown)."""
    order = get_object_or_404(Order, pk=pk)
    back = HttpResponseRedirect(reverse("orders:inspect", args=[order.pk]))
    form = RefundForm(order, request.POST)
    if not form.is_valid():
        messages.error(request, "Enter whole numbers of units to refund, such as 1.")
        return back
    action = RefundOrderAction(
        order, form.quantities(), form.cleaned_data["request_key"], user=request.user
    )
    try:
        refund = action.execute()
    except PermissionDenied:
        return permission_denied(request)
    except (RefundNotAllowed, PaymentProviderError) as error:
        messages.error(request, error.message)
        return back
    messages.success(
        request,
        f"Refund of {format_money(refund.amount, order.currency)}: {refund.get_status_display()}.",
    )
    return back


@require_POST
def settle_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Settle by hand an order that needs attention: accept its payment, or close it."""
    order = get_object_or_404(Order, pk=pk)
    back = HttpResponseRedirect(reverse("orders:inspect", args=[order.pk]))
    form = SettleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a decision and say why, in up to 200 characters.")
        return back
    settlement = Settlement(form.cleaned_data["settlement"])
    action = SettleOrderAction(order, settlement, form.cleaned_data["note"], user=request.user)
    try:
        order = action.execute()
    except PermissionDenied:
        return permission_denied(request)
    except OrderNotSettleable as error:
        messages.error(request, error.message)
        return back
    messages.success(request, f"Order {order.reference} is now {order.get_status_display()}.")
    return back
