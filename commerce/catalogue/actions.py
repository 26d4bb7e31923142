"""Editors' stock edits as one action: the permission check, the change under the variants' row
locks, and an entry in Wagtail's audit log ("Site history", and the product's history)."""

from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Model
from wagtail.actions.base import BaseAction
from wagtail.log_actions import LogFormatter, log

from commerce.catalogue.models import Product, ProductVariant
from commerce.catalogue.stock import apply_stock_edits, lock_stock

STOCK_LOG_ACTION = "storyshop.stock.change"


class ChangeStockAction(BaseAction):
    """Save an editor's product or variant form with its stock changes ({variant id: units,
    negative to take off}) added to the stock as it is at the moment of saving (see
    `commerce.catalogue.admin_views.stock_forms`), and log what each stock became."""

    action_name = "change_stock"
    permission_policy_action = "change"

    def __init__(self, instance: Product | ProductVariant, changes: Mapping[int, int], user: Any):
        super().__init__(instance, user=user)
        # Every variant of the form is locked and set, its change 0 or not: the form's save
        # writes the stock it showed, which a checkout may have changed since.
        self.changes = dict(changes)

    def execute(
        self, save_form: Callable[[], Model], skip_permission_checks: bool = False
    ) -> Model:
        """Run `save_form` (the form's own save) and the stock changes in one transaction."""
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            locked = lock_stock(list(self.changes))
            saved = save_form()
            apply_stock_edits(locked, self.changes)
            self._log(locked)
        return saved

    def _log(self, locked: Mapping[int, int]) -> None:
        changed = {pk: change for pk, change in self.changes.items() if change and pk in locked}
        if not changed:
            return
        product = self.instance if isinstance(self.instance, Product) else self.instance.product
        skus = dict(ProductVariant.objects.filter(pk__in=changed).values_list("pk", "sku"))
        stock = [
            {"sku": skus[pk], "before": locked[pk], "after": max(locked[pk] + change, 0)}
            for pk, change in sorted(changed.items())
        ]
        log(instance=product, action=STOCK_LOG_ACTION, user=self.user, data={"stock": stock})


class StockChangeFormatter(LogFormatter):
    label = "Change stock"

    def format_message(self, log_entry: Any) -> str:
        changes = log_entry.data.get("stock", [])
        return "Stock: " + "; ".join(
            f"{change['sku']} {change['before']} → {change['after']}" for change in changes
        )
