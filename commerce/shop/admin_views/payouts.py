"""Payouts in the Wagtail admin.

- **Payouts** (`/admin/payouts/`), for staff with "Can run payouts and see payout details": the
  payouts made, a "Run payouts now" button (what `manage.py run_payouts` does), the
  bank-transfer file of the bank-file payouts still to pay, and "Mark paid" for them.
- **Payout account** (`/admin/payouts/account/`, linked from "My results"): a creator says
  where they are paid; staff with the permission open any creator's with `?creator=<slug>`.
  Nobody else sees the details.
Every change is in Wagtail's audit log.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import log

from commerce.catalogue.money import format_money
from commerce.shop.exceptions import PaymentProviderError, PaymentProviderRefused
from commerce.shop.models import Payout, PayoutAccount
from commerce.shop.payments import stripe_gateway
from commerce.shop.payouts.bank_file import bank_transfer_csv
from commerce.shop.payouts.registry import rail_named
from commerce.shop.services.payouts import bank_file_rows, mark_paid_by_hand, run_payouts
from storyshop.creators.models import CreatorProfile
from storyshop.creators.permissions import creator_for_request

PERMISSION = "commerce.run_payouts"
RECENT_PAYOUTS = 100


def may_run_payouts(user: Any) -> bool:
    return bool(user.has_perm(PERMISSION))


class PayoutsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "commerce/admin/payouts.html"
    page_title = "Payouts"
    header_icon = "doc-full"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not may_run_payouts(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") == "bank-file":
            response = HttpResponse(bank_transfer_csv(bank_file_rows()), content_type="text/csv")
            response["Content-Disposition"] = 'attachment; filename="payouts-bank-transfer.csv"'
            return response
        payouts = Payout.objects.select_related("creator")[:RECENT_PAYOUTS]
        return self.render_to_response(self.get_context_data(payouts=payouts))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("action") == "run":
            run = run_payouts(actor=request.user)
            for payout in run.made:
                money = format_money(payout.amount, payout.currency)
                messages.success(request, f"{payout.reference}: {money} to {payout.creator.name}")
            if not run.made:
                messages.info(request, "No payouts are due.")
        elif request.POST.get("action") == "mark_paid":
            ids = [value for value in request.POST.getlist("payout") if value.isdigit()]
            count = mark_paid_by_hand(Payout.objects.filter(pk__in=ids), request.user)
            messages.success(request, f"Marked {count} bank-transfer payouts paid.")
        else:
            return HttpResponse("Unknown action.", status=400)
        return HttpResponseRedirect(reverse("payouts:index"), status=303)


class PayoutAccountForm(forms.ModelForm):
    class Meta:
        model = PayoutAccount
        fields = [
            "rail",
            "country",
            "channel_code",
            "bank",
            "account_number",
            "account_holder",
            "tax_number",
        ]

    def clean_country(self) -> str:
        country = str(self.cleaned_data.get("country") or "").strip().upper()
        if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
            raise forms.ValidationError("Give the two-letter country code, e.g. MY.")
        return country

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rail = data.get("rail")
        needed: dict[str, tuple[str, ...]] = {
            PayoutAccount.Rail.XENDIT: ("channel_code", "account_number", "account_holder"),
            PayoutAccount.Rail.BANK_FILE: ("bank", "account_number", "account_holder"),
        }
        for name in needed.get(str(rail), ()):
            if not data.get(name):
                self.add_error(name, "Needed for this way of being paid.")
        return data


class PayoutAccountView(WagtailAdminTemplateMixin, TemplateView):
    """Where one creator is paid; Stripe Connect accounts are set up through Stripe's own
    onboarding (Account Links), so the shop never sees the bank details."""

    template_name = "commerce/admin/payout_account.html"
    page_title = "Payout account"
    header_icon = "doc-full"

    def _creator(self, request: HttpRequest) -> CreatorProfile:
        creator = creator_for_request(
            request.user,
            request.GET.get("creator", "").strip(),
            may_pick_any=may_run_payouts(request.user),
        )
        if creator is None:  # staff with the permission and no profile, naming nobody
            raise PermissionDenied
        return creator

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        creator = self._creator(request)
        account = PayoutAccount.objects.filter(creator=creator).first()
        form = PayoutAccountForm(instance=account)
        return self._render(creator, account, form)

    def _render(
        self, creator: CreatorProfile, account: PayoutAccount | None, form: Any
    ) -> HttpResponse:
        stripe_ready = None
        if account and account.stripe_account_id:
            try:
                stripe_ready = rail_named(
                    PayoutAccount.Rail.STRIPE_CONNECT
                ).is_enabled() and stripe_gateway.connected_account_ready(account.stripe_account_id)
            except PaymentProviderError:
                stripe_ready = None
        context = self.get_context_data(
            creator=creator, account=account, form=form, stripe_ready=stripe_ready
        )
        return self.render_to_response(context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        creator = self._creator(request)
        account = PayoutAccount.objects.filter(creator=creator).first()
        if request.POST.get("action") == "stripe_onboarding":
            return self._stripe_onboarding(request, creator, account)
        form = PayoutAccountForm(request.POST, instance=account or PayoutAccount(creator=creator))
        if not form.is_valid():
            response = self._render(creator, account, form)
            response.status_code = 400
            return response
        saved = form.save()
        # The audit log records that it changed and the rail, never the details.
        log(saved, "wagtail.edit", user=request.user, data={"rail": saved.rail})
        messages.success(request, "Payout account saved.")
        return HttpResponseRedirect(request.get_full_path(), status=303)

    def _stripe_onboarding(
        self, request: HttpRequest, creator: CreatorProfile, account: PayoutAccount | None
    ) -> HttpResponse:
        if not rail_named(PayoutAccount.Rail.STRIPE_CONNECT).is_enabled():
            return HttpResponse("Stripe is not configured for this shop.", status=409)
        try:
            if account is None or not account.stripe_account_id:
                if account is None or not account.country:
                    messages.error(request, "Save your country first: Stripe needs it.")
                    return HttpResponseRedirect(request.get_full_path(), status=303)
                email = creator.user.email if creator.user else ""
                account_id = stripe_gateway.create_connected_account(email, account.country)
                account.rail = PayoutAccount.Rail.STRIPE_CONNECT
                account.stripe_account_id = account_id
                account.save(update_fields=["rail", "stripe_account_id", "updated_at"])
                log(account, "wagtail.edit", user=request.user, data={"rail": account.rail})
            here = request.build_absolute_uri(request.get_full_path())
            link = stripe_gateway.account_onboarding_link(account.stripe_account_id, here, here)
        except PaymentProviderRefused as error:
            messages.error(request, f"Stripe refused: {error.message}")
            return HttpResponseRedirect(request.get_full_path(), status=303)
        except PaymentProviderError:
            messages.error(request, "Stripe could not be reached; try again in a moment.")
            return HttpResponseRedirect(request.get_full_path(), status=303)
        return HttpResponseRedirect(link, status=303)


class PayoutsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_run_payouts(request.user)


class PayoutsViewSet(ViewSet):
    name = "payouts"
    icon = "doc-full"
    menu_label = "Payouts"
    menu_order = 230
    add_to_admin_menu = True
    menu_item_class = PayoutsMenuItem

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", PayoutsView.as_view(), name="index"),
            path("account/", PayoutAccountView.as_view(), name="account"),
        ]
