"""WSGI entry point: `gunicorn storyshop.wsgi` with DJANGO_SETTINGS_MODULE set by the host."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storyshop.settings.production")

application = get_wsgi_application()
