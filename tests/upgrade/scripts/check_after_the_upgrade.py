"""Run by this checkout's code in `manage.py shell` on the upgraded database: reads the same facts
through the new models, then makes the visits (readers, the buyer's review links, an editor in
the admin) with Django's test client, and prints it all as JSON on the last line. The test gives
what to check in STORYSHOP_UPGRADE_CHECK."""

import json
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from commerce.catalogue.models import Product, Review
from commerce.shop.models import Order, ReviewedPurchase
from storyshop.creators.models import CreatorProfile

given = json.loads(os.environ["STORYSHOP_UPGRADE_CHECK"])
order = Order.objects.get(reference=given["reference"])
# The commission became ledger entries of one creator; its amount now is their sum.
[creator_id] = set(order.commission_entries.values_list("creator_id", flat=True))
commission_now = sum(order.commission_entries.values_list("amount", flat=True))
editors = Group.objects.get(name="Editors")
facts = {
    "order": {
        "reference": order.reference,
        "status": order.status,
        "total": str(order.total),
        "lines": [
            [line.pk, line.sku, line.quantity, line.creator_id] for line in order.lines.all()
        ],
    },
    "commission": [creator_id, str(commission_now), "earned" if commission_now else "reversed"],
    "creator": CreatorProfile.objects.get(pk=creator_id).name,
    "reviewed_lines": {
        str(purchase.review_id): purchase.order_line_id
        for purchase in ReviewedPurchase.objects.filter(order_line__order=order)
    },
    "content_types": {
        str(pk): ".".join(ContentType.objects.values_list("app_label", "model").get(pk=pk))
        for pk in given["content_types"]
    },
    "old_labels_left": sorted(
        f"{app}.{model}"
        for app, model in ContentType.objects.values_list("app_label", "model")
        if f"{app}.{model}" in given["old_labels"]
    ),
    "counts": {
        "products": Product.objects.count(),
        "reviews": Review.objects.count(),
        "creators": CreatorProfile.objects.count(),
        "orders": Order.objects.count(),
    },
    "editors": sorted(
        f"{app}.{codename}"
        for app, codename in editors.permissions.values_list("content_type__app_label", "codename")
    ),
}

admin_urls = {
    f"admin:{model._meta.label_lower}": reverse(model.snippet_viewset.get_url_name("list"))
    for model in (Product, Review, CreatorProfile)
}
admin_urls["admin:login"] = reverse("wagtailadmin_login")
editor = get_user_model().objects.create_user("upgrade-editor", password="not-used")
editor.groups.add(editors)
host = {"HTTP_HOST": given["host"], "SERVER_PORT": given["port"]}
reader = Client(raise_request_exception=False, **host)
staff = Client(raise_request_exception=False, **host)
staff.force_login(editor)
visits = {}
for name, visit in given["visits"].items():
    client = staff if visit.get("as_editor") else reader
    path = admin_urls.get(visit["path"], visit["path"])
    response = client.post(path, visit["post"]) if "post" in visit else client.get(path)
    text = response.content.decode(errors="replace")
    visits[name] = {
        "status": response.status_code,
        "missing": [needle for needle in visit["shows"] if needle not in text],
    }
facts["visits"] = visits
facts["reviewed_lines_at_the_end"] = sorted(
    ReviewedPurchase.objects.filter(order_line__order=order).values_list("order_line", flat=True)
)
print(json.dumps(facts))
