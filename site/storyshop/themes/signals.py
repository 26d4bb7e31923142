"""Forget what was cached about themes when editors change them or tests move the folder."""

from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site

from storyshop.themes.folders import available_themes
from storyshop.themes.models import ThemeSettings
from storyshop.themes.resolution import forget_cached_themes


@receiver(post_save, sender=ThemeSettings)
@receiver(post_delete, sender=ThemeSettings)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def forget_themes_of_hosts(**kwargs) -> None:
    """A Site's theme or host name changed: look each host's theme up again.

    Now, so this request and the next see the change, and again after the commit, so a reader
    who read the old value before the commit does not keep it cached.
    """
    forget_cached_themes()
    transaction.on_commit(forget_cached_themes, robust=True)


@receiver(setting_changed)
def forget_theme_folders(*, setting, **kwargs) -> None:
    """Tests point STORYSHOP_THEMES_DIR at a temporary folder: list it and load from it afresh."""
    if setting != "STORYSHOP_THEMES_DIR":
        return
    from django.template.autoreload import reset_loaders

    available_themes.cache_clear()
    forget_cached_themes()
    reset_loaders()
