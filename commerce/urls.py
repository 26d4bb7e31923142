from django.urls import path

from commerce.views import cart, catalogue, checkout, embeds, reviews, webhooks

app_name = "commerce"

urlpatterns = [
    path("products/<slug:slug>/", catalogue.product_detail, name="product"),
    path("cart/", cart.cart_page, name="cart"),
    path("cart/add/", cart.add, name="cart_add"),
    path("cart/update/", cart.update, name="cart_update"),
    path("cart/remove/", cart.remove, name="cart_remove"),
    path("checkout/", checkout.start, name="checkout"),
    path("checkout/success/", checkout.success, name="checkout_success"),
    path("checkout/cancel/", checkout.cancel, name="checkout_cancel"),
    path("reviews/write/<str:token>/", reviews.write, name="review_write"),
    path("embed/products/<int:product_id>/", embeds.product_card, name="embed_product"),
    path("embed/loader.js", embeds.loader, name="embed_loader"),
    path("oembed/", embeds.oembed, name="oembed"),
    path("stripe/webhook/", webhooks.stripe_webhook, name="stripe_webhook"),
]
