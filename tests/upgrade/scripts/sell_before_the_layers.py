"""Run by the code of c77bfa5 in its `manage.py shell`: it imports that release's modules, not
this checkout's. Sells a paid order of an editorial story's shirt and a creator's story's scrub
(the creator earns a commission), writes the buyer's review of the shirt (published), and prints
what the upgrade must keep as JSON on the last line. The test names the moved models in
STORYSHOP_UPGRADE_MOVED_MODELS."""

import json
import os

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from commerce.models import Order, OrderLine, OrderStatusChange, Product, Review
from commerce.money import format_money
from commerce.services.commissions import record_commissions
from commerce.services.reviews import review_token, write_review
from content.creators import CreatorProfile
from content.models import ArticlePage

editorial_story = ArticlePage.objects.get(slug="reading-batik-motifs")
creator_story = ArticlePage.objects.get(slug="jogja-look")
shirt = Product.objects.get(slug="batik-cap-kawung-shirt").variants.order_by("pk").first()
scrub = Product.objects.get(slug="lulur-body-scrub").variants.order_by("pk").first()
order = Order.objects.create(
    status=Order.Status.PAID,
    currency=shirt.product.currency,
    total=shirt.price + 2 * scrub.price,
    email="buyer@example.com",
    source_page=editorial_story,
    paid_at=timezone.now(),
)
lines = [
    OrderLine.objects.create(
        order=order,
        variant=variant,
        product_name=variant.product.name,
        variant_name=variant.name,
        sku=variant.sku,
        unit_price=variant.price,
        quantity=quantity,
        source_page=story,
        creator=story.creator,
    )
    for variant, quantity, story in ((shirt, 1, editorial_story), (scrub, 2, creator_story))
]
OrderStatusChange.objects.create(order=order, status=Order.Status.PAID, note="Paid")
[commission] = record_commissions(order)
review = write_review(
    lines[0],
    rating=5,
    title="Worn to a wedding in Solo",
    body="Fine cotton, sharp motif.",
    author_name="Sari Wulandari",
)
review.is_published = True
review.save(update_fields=["is_published"])
editors = Group.objects.get(name="Editors")
MOVED_MODELS = json.loads(os.environ["STORYSHOP_UPGRADE_MOVED_MODELS"])

print(
    json.dumps(
        {
            "order": {
                "reference": order.reference,
                "status": order.status,
                "total": str(order.total),
                "lines": [[line.pk, line.sku, line.quantity, line.creator_id] for line in lines],
            },
            "commission": [commission.creator_id, str(commission.amount), commission.status],
            "creator": creator_story.creator.name,
            "review": {
                "id": review.pk,
                "order_line": review.order_line_id,
                "title": review.title,
                "author": review.author_name,
            },
            "review_links": [
                reverse("commerce:review_write", kwargs={"token": review_token(line)})
                for line in lines
            ],
            "content_types": {
                label: ContentType.objects.get(
                    app_label=label.split(".")[0], model=label.split(".")[1]
                ).pk
                for label in MOVED_MODELS
            },
            "counts": {
                "products": Product.objects.count(),
                "reviews": Review.objects.count(),
                "creators": CreatorProfile.objects.count(),
                "orders": Order.objects.count(),
            },
            "editors": sorted(
                f"{app}.{codename}"
                for app, codename in editors.permissions.values_list(
                    "content_type__app_label", "codename"
                )
            ),
            "story": editorial_story.url,
            "product": {
                "name": shirt.product.name,
                "url": shirt.product.get_absolute_url(),
                "price": format_money(shirt.price, shirt.product.currency),
            },
        }
    )
)
