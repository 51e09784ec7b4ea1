"""Counting requests in the cache: at most `limit` per key in a window (atomic where the cache is
shared — Redis or Memcached in production; per process with the default local-memory cache)."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def over_limit(kind, value, limit, window_seconds):
    """Count one more request for (kind, value); True once there were more than `limit` in the window.
    The value is hashed with the secret key: the cache holds no addresses or e-mails."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()[:32]
    key = f"throttle:{kind}:{digest}"
    if cache.add(key, 1, window_seconds):
        return limit < 1
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window_seconds)
        return False
