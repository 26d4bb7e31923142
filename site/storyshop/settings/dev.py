"""Local development: DEBUG on, an insecure key of its own, e-mail to the console."""

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS
from .environment import env_str

DEBUG = True
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
STORYSHOP_DEMO_ALLOWED = True
# Without a provider's keys, `make run` sells through the demo provider's local page.
STORYSHOP_DEMO_PAYMENTS = env_str("STORYSHOP_DEMO_PAYMENTS", "auto")
