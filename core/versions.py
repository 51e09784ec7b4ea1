"""A version number in the shared cache that writes bump and cached answers are keyed by: an answer is never
older than the last bump this cache has seen, without anyone knowing which answers a write affects."""

from django.core.cache import cache


class CacheVersion:
    def __init__(self, key):
        self.key = key

    def current(self):
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, 1, None)
            version = cache.get(self.key, 1)
        return version

    def bump(self):
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
