"""GET /healthz — what a proxy or a compose health check asks: can this process answer requests?

200 when the database and the cache answer; 503 otherwise (the proxy takes the process out). An
unreachable Elasticsearch cluster is reported but keeps 200: searches are then answered by the
database engine, with a notice on the page. Never cached, no personal data, no details of errors.
"""

import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from search import elastic


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


def _cache():
    key, value = f"healthz-{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        answered = cache.get(key)
        cache.delete(key)
    except Exception:  # noqa: BLE001 - any cache backend's failure means the same thing here
        return "unavailable"
    return "ok" if answered == value else "unavailable"


def _search():
    if not elastic.enabled():
        return "database"  # the embedded engine: as healthy as the database
    return "ok" if elastic.reachable() else "unavailable (the database engine answers)"


@never_cache
def healthz(request):
    checks = {"database": _database(), "cache": _cache(), "search": _search()}
    healthy = checks["database"] == "ok" and checks["cache"] == "ok"
    body = {"status": "ok" if healthy else "unavailable", "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)
