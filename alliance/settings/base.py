"""Production-safe base settings.

Everything secret or host-specific comes from the environment; dev.py, test.py and production.py
are thin overrides. Nothing here turns on debugging or trusts a hard-coded key.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# `site/` holds the site shell (templates, static, locale). It is not a Python package: the
# standard library owns the module name `site`.
SITE_SHELL_DIR = BASE_DIR / "site"


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "core",
    "users",
    "images",
    "studios",
    "projects",
    "search",
    "review",
    "collaboration",
    "exchange",
    "challenges",
    "competitions",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks_db",  # the task queue's table; the database backend is production's (production.py)
    "ninja",  # serves the API docs' Swagger UI from our static files, not a CDN
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "axes",
]

MIDDLEWARE = [
    "core.after_response.AfterResponseMiddleware",  # outermost: its work waits for the response others finish
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ApiCorsMiddleware",  # before the page cache: its hits get the headers too
    "core.pagecache.PageCacheMiddleware",  # a hit skips everything below: see core/pagecache.py
    "core.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChineseFirstLocaleMiddleware",
    "core.middleware.QueryStringLimitMiddleware",  # 414 before anything reads an oversized query string
    "django.middleware.common.CommonMiddleware",
    "core.middleware.KnownSiteMiddleware",  # after the host check above
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.AdminPolicyMiddleware",  # after the two above: the admin's frames and inline scripts
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lockout into the page below
    "core.middleware.IncompleteFormMiddleware",  # a form posted with parts missing: 400, not 500
]

# The longest query string a request may carry (bytes, as sent, percent-encoded): a pasted paragraph of some
# 800 Chinese characters (the search reads the first MAX_QUERY_LENGTH), just inside gunicorn's request line of
# 8,190 bytes. Longer ones are answered 414 by core.middleware.QueryStringLimitMiddleware.
MAX_QUERY_STRING_BYTES = 8000

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account from one
# address, that pair is locked out for an hour (a Chinese page, status 429); a success resets it.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "pages/locked_out.html"
AXES_ENABLE_ADMIN = False  # the project has no Django admin; lockouts are in the database table
AXES_VERBOSE = False
# The real client address for throttling and rate limits (core.net.client_address): behind
# TRUSTED_PROXY_COUNT reverse proxies (production's HTTPS proxy), read from X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "core.net.client_address"

ROOT_URLCONF = "alliance.urls"
WSGI_APPLICATION = "alliance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_SHELL_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_navigation",
            ],
        },
    },
]

# DATABASE_URL selects the database (postgres://…); unset means the embedded SQLite file.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under concurrent requests: readers never block the writer (WAL), a writer
    # waits for another instead of failing with "database is locked", and write transactions take the
    # lock when they begin, so two of them cannot deadlock upgrading from a read.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
# SQLite's table statistics are looked at after a response at most this often (core/planner.py; 0: never).
PLANNER_STATISTICS_SECONDS = int(os.environ.get("PLANNER_STATISTICS_SECONDS", "3600"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Simplified Chinese first; English is the translation.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
# The project's own messages, then Simplified Chinese for what Wagtail's catalogue leaves in English.
LOCALE_PATHS = [SITE_SHELL_DIR / "locale", SITE_SHELL_DIR / "wagtail_locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [SITE_SHELL_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Private uploads (application certificates): outside MEDIA_ROOT, never served by the web server.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Demo accounts with one shared password: development only (dev.py), never under production settings.
DEMO_ACCOUNTS = False
# manage.py backup writes here unless told otherwise (see core/backup.py).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "var" / "backups"))

# One cache for every process: Redis when REDIS_URL is set (sessions then read from it and kept in the
# database); otherwise per-process memory here and a database table in production (production.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "alliance"),
            # A stopped Redis fails a request within a second (and /healthz says so), never hangs it.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole public pages cached for anonymous visitors (core/pagecache.py) for this many seconds (0: off);
# any write to the database makes them all fresh again, except writes to these, which no page shows.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Origins whose pages may read /api/ from a browser (CORS); none unless named, e.g. https://a.example.com.
API_CORS_ORIGINS = env_list("API_CORS_ORIGINS")
# The statistics are kept under the content version (any write shows at once); this only bounds their age.
STATISTICS_CACHE_SECONDS = int(os.environ.get("STATISTICS_CACHE_SECONDS", "3600"))
PAGE_CACHE_IGNORED_MODELS = {
    "sessions",
    "axes",  # login attempts
    "django_tasks_database",  # the task queue
    "wagtailadmin",  # editing sessions, pinged while someone edits
    "wagtailsearch",  # Wagtail's own search index
    "alliance_search",  # the search table and its bookkeeping: index updates bump it (search.cache)
    "wagtailsearchpromotions.Query",  # the searches counted (search.querylog): shown only in the admin report
    "wagtailsearchpromotions.QueryDailyHits",
    "images.Rendition",  # made while a page renders
    "core.RequestCount",  # rate limiting
}

# Email: console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "true"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@alliance.local")

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Wagtail
WAGTAIL_SITE_NAME = "创新工作室联盟"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "images.CustomImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024  # 20 MB
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # 40 megapixels
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Downloads always pass Wagtail's view, where projects.wagtail_hooks decides who may have the file; the
# web server must not serve MEDIA_ROOT/documents/ itself (see SECURITY.md).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ALLOW_UNICODE_SLUGS = True
# Wagtail 8.0's autosave adds a fresh copy of a newly added inline row (an attachment, an image, a patent,
# a team member) on every autosave of a page (wagtail/wagtail#14568, open): seen here as a project
# submitted with its one attachment twice. Off until that is fixed; editors save drafts themselves.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatars fetched from outside (privacy, and the CSP's img-src)
WAGTAIL_ENABLE_UPDATE_CHECK = (
    False  # the admin would ask releases.wagtail.org; new versions come through requirements.txt
)

# Security headers that are safe everywhere; production.py adds HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # the admin (Wagtail's live preview) frames itself: core.middleware.AdminPolicyMiddleware
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): everything from our own origin, no inline script without the
# response's nonce ({{ request.csp_nonce }}), no plugins, forms only to ourselves, never framed. The
# admin's exceptions are in core.middleware.AdminPolicyMiddleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Search: Elasticsearch when ELASTICSEARCH_URL is set (one node or several, comma separated), the
# database engine otherwise. A secured cluster: a CA file for TLS and an API key or a user and password.
ELASTICSEARCH_HOSTS = env_list("ELASTICSEARCH_URL")
ELASTICSEARCH = {
    "URL": ",".join(ELASTICSEARCH_HOSTS),
    "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "alliance"),
    "SHARDS": int(os.environ.get("ELASTICSEARCH_SHARDS", "1")),
    "REPLICAS": int(os.environ.get("ELASTICSEARCH_REPLICAS", "0")),
    "TIMEOUT": float(os.environ.get("ELASTICSEARCH_TIMEOUT", "5")),
    # Passed to the client as they are. A failed request is tried on the next node (one retry per
    # other node by default), never on the same one: meanwhile the database engine answers.
    "CLIENT": {
        "max_retries": int(os.environ.get("ELASTICSEARCH_MAX_RETRIES", max(len(ELASTICSEARCH_HOSTS) - 1, 0))),
        **({"ca_certs": os.environ["ELASTICSEARCH_CA_CERTS"]} if os.environ.get("ELASTICSEARCH_CA_CERTS") else {}),
        **({"api_key": os.environ["ELASTICSEARCH_API_KEY"]} if os.environ.get("ELASTICSEARCH_API_KEY") else {}),
        **(
            {"basic_auth": (os.environ["ELASTICSEARCH_USERNAME"], os.environ.get("ELASTICSEARCH_PASSWORD", ""))}
            if os.environ.get("ELASTICSEARCH_USERNAME")
            else {}
        ),
    },
}
# Pages do index Page's core fields, through textsearch.fields.chinese(), which wraps them in Chinese-aware
# field classes; Wagtail's check compares field objects by identity and so cannot see them.
SILENCED_SYSTEM_CHECKS = ["wagtailsearch.W001"]
# Wagtail's own search (admin page search, choosers): Chinese-aware on the database by default, so
# that editors can search while the cluster is down; WAGTAILSEARCH_ELASTICSEARCH=1 puts it on the
# cluster too (for very large sites).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "textsearch.backends.database"}}
if ELASTICSEARCH["URL"] and os.environ.get("WAGTAILSEARCH_ELASTICSEARCH", "").lower() in ("1", "true", "yes"):
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "textsearch.backends.ChineseElasticsearch8SearchBackend",
        "URLS": ELASTICSEARCH_HOSTS,
        "INDEX_PREFIX": f"{ELASTICSEARCH['INDEX_PREFIX']}-wagtail-",
        "TIMEOUT": ELASTICSEARCH["TIMEOUT"],
        "OPTIONS": dict(ELASTICSEARCH["CLIENT"]),  # a copy: modelsearch adds to it
    }
