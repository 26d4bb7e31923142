from django.urls import path

from commerce.shop.views import cart, checkout, payments, products, reviews, widgets

app_name = "commerce"

urlpatterns = [
    path("products/<slug:slug>/", products.product_detail, name="product"),
    path("cart/", cart.cart_page, name="cart"),
    path("cart/add/", cart.add, name="cart_add"),
    path("cart/update/", cart.update, name="cart_update"),
    path("cart/remove/", cart.remove, name="cart_remove"),
    path("checkout/", checkout.start, name="checkout"),
    path("checkout/success/", checkout.success, name="checkout_success"),
    path("checkout/cancel/", checkout.cancel, name="checkout_cancel"),
    path("cart/pay/<str:token>/", checkout.pay_link, name="pay_link"),
    path("reviews/write/<str:token>/", reviews.write, name="review_write"),
    path("embed/products/<int:product_id>/", widgets.product_card, name="embed_product"),
    path("embed/loader.js", widgets.loader, name="embed_loader"),
    path("oembed/", widgets.oembed, name="oembed"),
    path("stripe/webhook/", payments.stripe_webhook, name="stripe_webhook"),
    path("payments/xendit/callback/", payments.xendit_callback, name="xendit_callback"),
    path("payments/demo/notifications/", payments.demo_notification, name="demo_notification"),
    path("payments/demo/<str:checkout_id>/", payments.demo_page, name="demo_payment"),
]
