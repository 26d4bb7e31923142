from django.apps import AppConfig


class CreatorsConfig(AppConfig):
    name = "storyshop.creators"
    label = "creators"
    verbose_name = "Creators"
