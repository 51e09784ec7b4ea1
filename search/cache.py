"""Caching what search answers for a page (similar projects, recommendations) until the index changes.

Every index update bumps a version number in the cache (core.versions); cached answers are keyed by it, so
they are never older than the last update this cache has seen (and never older than TIMEOUT in any case).
"""

from core.pagecache import content_changed
from core.versions import CacheVersion

INDEX_VERSION = CacheVersion("search:index-version")
TIMEOUT = 300


def bump_index_version():
    INDEX_VERSION.bump()
    content_changed()  # cached pages show similar projects and recommendations: they change with the index


def cached_by_index_version(name, compute):
    return INDEX_VERSION.cached(name, compute, TIMEOUT)
