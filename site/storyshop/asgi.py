"""ASGI entry point, for servers such as uvicorn; same settings rule as wsgi.py."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storyshop.settings.production")
# Under ASGI a request's database work runs on threads that come and go, so persistent
# connections pile up (Django: disable them there); pool with DJANGO_DB_POOL_MAX_SIZE instead.
os.environ.setdefault("DJANGO_DB_CONN_MAX_AGE", "0")

application = get_asgi_application()
