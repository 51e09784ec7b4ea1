"""Production: base settings plus HTTPS hardening. Refuses to start without a secret key."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment (comma separated).")

SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true") == "true"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's and compose's plain-HTTP health check
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))  # a year
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true") == "true"
# Preloading is a commitment browsers keep for months: the operator opts in (then W021 does not apply).
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "false") == "true"
SILENCED_SYSTEM_CHECKS = [
    *SILENCED_SYSTEM_CHECKS,  # noqa: F405
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]

# Static files from the app itself (whitenoise): hashed names cached for a year, gzip beside each file.
# `collectstatic` writes them (the image build and the deployment steps in the README run it).
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware"
)
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

# A worker keeps its database connection from one request to the next: opening one costs ≈ 2.5 ms on SQLite
# (Django registers its SQL functions on every new connection) and a TCP handshake and login on PostgreSQL —
# half of what a small page takes. A kept connection is checked before a request reuses it.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Never per-process memory: without REDIS_URL the cache is a database table every worker shares
# (created by `migrate`, see core.apps).
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "alliance_cache"}}

# Index updates leave the request through the task queue; `manage.py db_worker` runs them. The
# pending-update table still holds whatever a failed task could not write. TASKS_BACKEND=immediate
# runs them in the request instead (a single process without a worker).
if os.environ.get("TASKS_BACKEND", "database") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# One line per log record on stdout, with its time, level and origin (gunicorn writes the access log).
LOGGING["formatters"] = {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}}  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = "line"  # noqa: F405
