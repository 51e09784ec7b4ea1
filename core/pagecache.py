"""Whole public pages cached for anonymous visitors, and never stale.

A page is stored under the current *content version*, a number in the shared cache that every write to
the database bumps (any model's save or delete, a many-to-many change, a page move), apart from the
writes listed in PAGE_CACHE_IGNORED_MODELS that no public page shows (sessions, login attempts, the
task queue, the search statistics). So a publish, unpublish, move or edit of anything a page lists — a
project on its studio page, the home counters, a directory — makes every cached page a miss at once,
without the cache knowing which page shows what. Writes that skip signals (bulk_create, update())
call content_changed() themselves, and `migrate` bumps it, so a deployment's new templates show too.

Only what is the same for every visitor is cached: GET without a query string (no search, filter or
page number), from a visitor who sends no cookies but the language and CSRF ones (no session, so no
editor and no flash message), answered 200 as HTML without cookies, without a CSRF token in the page
and without `Cache-Control: private/no-store`. The key holds the host, the path and the language.

The Content-Security-Policy nonce is renewed on every hit (it is replaced in the header and the body),
so a nonce is never sent twice.
"""

import base64
import contextlib
import hashlib
import logging
import os

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, EmptyResultSet
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

from wagtail.signals import post_page_move

from core.versions import CacheVersion, read_once_per_request

HIT_HEADER = "X-Page-Cache"
logger = logging.getLogger(__name__)


CONTENT_VERSION = CacheVersion("pagecache:content-version")


def content_version():
    return CONTENT_VERSION.current()


def kept_until_next_write(name, compute):
    """compute()'s answer, reused until the next write (and for at most STATISTICS_CACHE_SECONDS)."""
    return CONTENT_VERSION.cached(name, compute, settings.STATISTICS_CACHE_SECONDS)


def cached_for_query(name, queryset, compute):
    """compute()'s answer about `queryset` (a count, the years it spans), reused until the next write.
    Keyed by the query's SQL, so each filter combination has its own."""
    try:
        sql = str(queryset.query)
    except EmptyResultSet:  # a query that matches nothing has no SQL
        return compute()
    digest = hashlib.blake2b(sql.encode(), digest_size=16).hexdigest()
    return kept_until_next_write(f"{name}:{digest}", compute)


def _bump():
    try:
        CONTENT_VERSION.bump()
    except Exception:  # a write never fails for the cache (a cache that is down serves no page either)
        logger.warning("Could not mark cached pages out of date", exc_info=True)


def content_changed():
    """Every cached page is out of date: now, and again when the transaction commits (a page rendered
    from the data before the commit, while the write was under way, is stored under the old number)."""
    _bump()
    transaction.on_commit(_bump)


def _ignored(model):
    ignored = settings.PAGE_CACHE_IGNORED_MODELS
    return model._meta.app_label in ignored or model._meta.label in ignored


def on_write(**kwargs):
    """The receiver of every signal that means a write (saves, deletes, m2m changes, moves, migrate)."""
    content_changed()


def connect_signals():
    """One receiver per model that counts, never one for all senders: a model with a delete receiver
    loses Django's fast delete (every row loaded and signalled), which bulk bookkeeping deletes need."""
    for model in apps.get_models(include_auto_created=True):
        if not _ignored(model):
            uid = f"pagecache-{model._meta.label}"
            post_save.connect(on_write, sender=model, dispatch_uid=uid)
            post_delete.connect(on_write, sender=model, dispatch_uid=uid)
            m2m_changed.connect(on_write, sender=model, dispatch_uid=uid)  # sent by the through models
    post_page_move.connect(on_write, dispatch_uid="pagecache-move")


class PageCacheMiddleware:
    """Listed right after SecurityMiddleware: a hit skips everything below it (sessions, CSRF, the view)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = settings.PAGE_CACHE_SECONDS
        self.shared_cookies = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}

    def __call__(self, request):
        with read_once_per_request():
            return self.serve(request)

    def serve(self, request):
        try:
            key = self.key(request) if self.seconds else None
            stored = cache.get(key) if key else None
        except Exception:  # noqa: BLE001 — a cache that cannot answer leaves the page to the view (and /healthz)
            key = stored = None
        if stored is not None:
            return self.from_stored(stored)
        response = self.get_response(request)
        if key and request.method == "GET" and self.cacheable(request, response):
            with contextlib.suppress(Exception):
                cache.set(key, self.to_stored(request, response), self.seconds)
                response[HIT_HEADER] = "miss"
        return response

    def key(self, request):
        if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
            return None
        if not set(request.COOKIES) <= self.shared_cookies:
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # the view's own path answers it (400)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        where = hashlib.sha256(f"{host}\n{request.path}\n{language}".encode()).hexdigest()
        return f"pagecache:{content_version()}:{where}"

    def cacheable(self, request, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Type", "").startswith("text/html")
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds this visitor's CSRF token
            and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        )

    def to_stored(self, request, response):
        return {
            "status": response.status_code,
            "headers": list(response.items()),
            "content": response.content,
            "nonce": getattr(request, "_csp_nonce", None),
        }

    def from_stored(self, stored):
        content, headers, old_nonce = stored["content"], stored["headers"], stored["nonce"]
        if old_nonce:
            nonce = base64.b64encode(os.urandom(16)).decode("ascii")
            content = content.replace(old_nonce.encode(), nonce.encode())
            headers = [(name, value.replace(old_nonce, nonce)) for name, value in headers]
        response = HttpResponse(content, status=stored["status"])
        for name, value in headers:
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response
