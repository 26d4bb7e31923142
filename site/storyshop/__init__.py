"""The Storyshop Django project: settings, URLs, the home page and site-wide settings."""
