""" "My results" in the Wagtail admin: a creator sees what their stories sold and earned.

A creator sees only their own profile. Staff who may view orders (editors, finance) and have
no creator profile of their own pick any creator with `?creator=<slug>`.
"""

from typing import Any

from django import forms
from django.http import HttpRequest
from django.urls import path
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from commerce.shop.creator_results import DEFAULT_PERIOD, PERIODS, fetch_creator_results
from commerce.shop.permissions import order_permission_policy
from storyshop.creators.models import CreatorProfile
from storyshop.creators.permissions import creator_for_request, own_creator_profile

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
            period_form=PeriodForm(initial={"period": period}),
            period_label=PERIOD_LABELS[period],
            creators=list(CreatorProfile.objects.only("name", "slug")) if picking else None,
            chosen_slug=creator.slug if creator else "",
        )
        return context


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
        return [path("", CreatorResultsView.as_view(), name="index")]
