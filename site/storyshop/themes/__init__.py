"""Themes: one folder per theme under STORYSHOP_THEMES_DIR, chosen per Wagtail Site."""
