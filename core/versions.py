"""A version number in the shared cache that writes bump and cached answers are keyed by: an answer is never
older than the last bump this cache has seen, without anyone knowing which answers a write affects."""

import contextlib
from contextvars import ContextVar

from django.core.cache import cache

# The versions this request has read (None outside one): a page asks for the content version several
# times (its cache key, the menu, the counters), and each would be a round trip to the shared cache.
_read_in_this_request = ContextVar("cache_versions_read", default=None)


@contextlib.contextmanager
def read_once_per_request():
    token = _read_in_this_request.set({})
    try:
        yield
    finally:
        _read_in_this_request.reset(token)


class CacheVersion:
    def __init__(self, key):
        self.key = key

    def current(self):
        read = _read_in_this_request.get()
        if read is not None and self.key in read:
            return read[self.key]
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, 1, None)
            version = cache.get(self.key, 1)
        if read is not None:
            read[self.key] = version
        return version

    def bump(self):
        read = _read_in_this_request.get()
        if read is not None:
            read.pop(self.key, None)  # this request's own write is seen by its own reads
        try:
            cache.incr(self.key)
        except ValueError:  # not set yet (or evicted)
            cache.set(self.key, 2, None)

    def cached(self, name, compute, timeout):
        """compute()'s answer, reused until the next bump (and for at most `timeout` seconds)."""
        key = f"{self.key}:{self.current()}:{name}"
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, timeout)
        return value
