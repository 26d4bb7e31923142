"""`/products/<slug>/`: a product's own page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from commerce.catalogue.models import Product, Review
from commerce.shop.services.attribution import linked_story

LATEST_REVIEWS_SHOWN = 10


def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A product's own page: its pictures, description, price, stock and latest reviews.

    Reached from a story that features it (`?via=<story id>`), the buying controls carry that
    story, so the sale is credited to it and its creator.
    """
    product: Product = get_object_or_404(
        Product.objects.visible().for_cards().prefetch_related("gallery_images__image", "tags"),
        slug=slug,
    )
    context = {
        "product": product,
        "reviews": list(Review.objects.latest_published_of(product.pk, LATEST_REVIEWS_SHOWN)),
        "via_story": linked_story(product, request.GET),
    }
    return TemplateResponse(request, "commerce/product_page.html", context)
