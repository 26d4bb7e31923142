from django.urls import path

from commerce import views

app_name = "commerce"

urlpatterns = [
    path("products/<slug:slug>/", views.product_detail, name="product"),
]
