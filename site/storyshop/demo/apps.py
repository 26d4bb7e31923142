from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "storyshop.demo"
    label = "demo"
    verbose_name = "Demo content"
