import contextlib
import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Development shows a template edit at once; PAGE_CACHE_SECONDS=600 tries the page cache.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
# load_demo_data adds a reviewer, two studio leads and an editor (home/demo/accounts.py).
DEMO_ACCOUNTS = True

with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
