""" "My results" in the Wagtail admin: a creator sees what their stories sold and earned.

A creator sees only their own profile. Staff who may view orders (editors, finance) and have
no creator profile of their own pick any creator with `?creator=<slug>`.
"""

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from commerce.shop.conf import creator_money
from commerce.shop.creator_results import DEFAULT_PERIOD, PERIODS, fetch_creator_results
from commerce.shop.models import Payout
from commerce.shop.permissions import order_permission_policy
from commerce.shop.services.attribution import REF_PARAMETER
from commerce.shop.services.ledger import balance, period_total, statement, statement_csv
from storyshop.creators.models import CreatorProfile
from storyshop.creators.permissions import creator_for_request, own_creator_profile
from storyshop.links import with_query

STATEMENT_PAGE = 100  # entries per page of the statement (the CSV has them all)
PERIOD_LABELS = {"30": "Last 30 days", "90": "Last 90 days", "all": "All time"}


def sees_any_creator(user: Any) -> bool:
    """True for staff without a creator profile who may view orders (editors, finance)."""
    return own_creator_profile(user) is None and order_permission_policy.user_has_permission(
        user, "view"
    )


def may_see_results(user: Any) -> bool:
    """True for a creator (their own results) and for staff who may see every creator's."""
    # The permission first: it is cached, while the profile costs a query on every admin page.
    return (
        order_permission_policy.user_has_permission(user, "view")
        or own_creator_profile(user) is not None
    )


class PeriodForm(forms.Form):
    """The period filter; a missing or unknown value means the default period."""

    period = forms.ChoiceField(
        choices=[(key, PERIOD_LABELS[key]) for key in PERIODS], required=False
    )

    def chosen_period(self) -> str:
        if self.is_valid() and self.cleaned_data["period"]:
            return str(self.cleaned_data["period"])
        return DEFAULT_PERIOD


class CreatorResultsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "commerce/admin/creator_results.html"
    page_title = "My results"
    header_icon = "doc-full"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        request: HttpRequest = self.request
        picking = sees_any_creator(request.user)
        slug = request.GET.get("creator", "").strip()
        creator = creator_for_request(request.user, slug, may_pick_any=picking)
        period = PeriodForm(request.GET).chosen_period()
        context.update(
            results=fetch_creator_results(creator, period) if creator else None,
            referral_link=_referral_link(request, creator) if creator else "",
            statement_url=_statement_url(creator) if creator else "",
            payout_account_url=_payout_account_url(creator) if creator else "",
            period_form=PeriodForm(initial={"period": period}),
            period_label=PERIOD_LABELS[period],
            creators=list(CreatorProfile.objects.only("name", "slug")) if picking else None,
            chosen_slug=creator.slug if creator else "",
        )
        return context


def _payout_account_url(creator: CreatorProfile) -> str:
    return with_query(reverse("payouts:account"), {"creator": creator.slug})


def _statement_url(creator: CreatorProfile) -> str:
    return with_query(reverse("my-results:statement"), {"creator": creator.slug})


class MonthForm(forms.Form):
    """The statement's month (YYYY-MM); missing means this month."""

    month = forms.RegexField(regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)
    format = forms.ChoiceField(choices=[("", "page"), ("csv", "CSV")], required=False)

    def clean_month(self) -> tuple[int, int] | None:
        value = self.cleaned_data["month"]
        if not value:
            return None
        year, month = (int(part) for part in value.split("-"))
        if not 2000 <= year <= 9999:
            raise forms.ValidationError("Choose a month from 2000 on.")
        return year, month


def _month_bounds(month: tuple[int, int] | None) -> tuple[datetime, datetime]:
    today = timezone.localdate()
    year, number = month or (today.year, today.month)
    start = timezone.make_aware(datetime(year, number, 1))
    following = (year + number // 12, number % 12 + 1)
    return start, timezone.make_aware(datetime(following[0], following[1], 1))


class StatementView(WagtailAdminTemplateMixin, TemplateView):
    """A creator's ledger entries of one month, with their balance; `?format=csv` downloads
    them. Who may see whose statement is as for "My results"."""

    template_name = "commerce/admin/creator_statement.html"
    page_title = "Statement"
    header_icon = "doc-full"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = MonthForm(request.GET)
        if not form.is_valid():
            return HttpResponseBadRequest("Choose a month as YYYY-MM, e.g. 2026-11.")
        creator = creator_for_request(
            request.user,
            request.GET.get("creator", "").strip(),
            may_pick_any=sees_any_creator(request.user),
        )
        if creator is None:
            raise PermissionDenied
        start, end = _month_bounds(form.cleaned_data["month"])
        if form.cleaned_data["format"] == "csv":
            rows = statement(creator, start, end)
            response = HttpResponse(statement_csv(rows), content_type="text/csv; charset=utf-8")
            name = f"statement-{creator.slug}-{start:%Y-%m}.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        count, total = period_total(creator, start, end)
        page = form.cleaned_data["page"] or 1
        offset = (page - 1) * STATEMENT_PAGE
        context = self.get_context_data(
            creator=creator,
            rows=statement(creator, start, end, limit=STATEMENT_PAGE, offset=offset),
            month=start,
            total=total,
            entries=count,
            next_page=_query(creator, start, page=str(page + 1))
            if offset + STATEMENT_PAGE < count
            else "",
            balance=balance(creator),
            payouts=Payout.objects.filter(
                creator=creator, created_at__gte=start, created_at__lt=end
            ),
            currency=settings.STORYSHOP_CURRENCY,
            withholding_rate=creator_money().withholding_rate,
            csv_url=_query(creator, start, format="csv"),
            previous=_query(creator, start - timedelta(days=1)),
        )
        return self.render_to_response(context)


def _query(creator: CreatorProfile, month: datetime, **more: str) -> str:
    return with_query("", {"creator": creator.slug, "month": f"{month:%Y-%m}", **more})


def _referral_link(request: HttpRequest, creator: CreatorProfile) -> str:
    """The creator's referral link to the home page (`?ref=` works on any page of the site)."""
    return with_query(request.build_absolute_uri("/"), {REF_PARAMETER: creator.referral_code})


class CreatorResultsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_see_results(request.user)


class CreatorResultsViewSet(ViewSet):
    name = "my-results"
    icon = "doc-full"
    menu_label = "My results"
    menu_order = 160
    add_to_admin_menu = True
    menu_item_class = CreatorResultsMenuItem

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", CreatorResultsView.as_view(), name="index"),
            path("statement/", StatementView.as_view(), name="statement"),
        ]
