"""Caching what search answers for a page (similar projects, recommendations) until the index changes.

Every index update bumps a version number in the cache; cached answers are keyed by it, so they are
never older than the last update this cache has seen (and never older than TIMEOUT in any case).
"""

from django.core.cache import cache

from core.pagecache import content_changed

VERSION_KEY = "search:index-version"
TIMEOUT = 300


def index_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_index_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(VERSION_KEY, 2, None)
    content_changed()  # cached pages show similar projects and recommendations: they change with the index


def cached_by_index_version(name, compute):
    key = f"search:{index_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
