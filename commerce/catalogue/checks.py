"""System checks: products the shop cannot sell are reported at start-up, not at the first sale."""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import DatabaseError

from commerce.catalogue.models import Product

SHOWN_PRODUCTS = 10


@register("commerce", Tags.database)
def check_product_currencies(
    app_configs: Any = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Report products priced in another currency than the shop's (STORYSHOP_CURRENCY), e.g.
    after it changed: readers cannot buy them. Runs with `check --database default` and
    `migrate`."""
    messages: list[CheckMessage] = []
    for alias in databases or ():
        others = Product.objects.using(alias).exclude(currency=settings.STORYSHOP_CURRENCY)
        try:
            count = others.count()
            shown = list(others.order_by("slug").values_list("slug", "currency")[:SHOWN_PRODUCTS])
        except DatabaseError:
            continue  # not migrated yet
        if count:
            listed = ", ".join(f"{slug} ({currency})" for slug, currency in shown)
            messages.append(
                Warning(
                    f"Products priced in another currency than "
                    f"STORYSHOP_CURRENCY={settings.STORYSHOP_CURRENCY} ({count}): {listed}"
                    + (", ..." if count > len(shown) else "")
                    + ". Readers cannot buy them.",
                    hint="Reprice them in the shop's currency (see the README's payments "
                    "section), or set STORYSHOP_CURRENCY back.",
                    id="commerce.W001",
                )
            )
    return messages
