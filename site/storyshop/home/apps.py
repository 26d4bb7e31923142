from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "storyshop.home"
    label = "home"
    verbose_name = "Home"
