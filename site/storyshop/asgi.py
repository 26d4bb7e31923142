"""ASGI entry point, for servers such as uvicorn; same settings rule as wsgi.py."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storyshop.settings.production")

application = get_asgi_application()
