import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.production")

application = get_wsgi_application()

from textsearch.analysis import preload  # noqa: E402 - once Django is set up

preload()
