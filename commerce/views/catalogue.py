"""Thin views of the catalogue."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from commerce.models import Product


def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A product's own page: its pictures, description, price and stock."""
    product: Product = get_object_or_404(
        Product.objects.visible().for_cards().prefetch_related("gallery_images__image", "tags"),
        slug=slug,
    )
    return TemplateResponse(request, "commerce/product_page.html", {"product": product})
