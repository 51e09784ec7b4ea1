"""A version number in the shared cache that writes bump and cached answers are keyed by: an answer is never
older than the last bump this cache has seen, without anyone knowing which answers a write affects.

The answers are also kept in each process, under the same version-bearing key: a page reads several (the
menu, the counters, the filters' options, a listing's count), each a round trip to the shared cache
otherwise. A number is never reused for other content, even after the shared cache is emptied: a version
starts at a random number, so a restarted Redis cannot bring back a number this process has answers for."""

import contextlib
import pickle
import secrets
import threading
import time
from collections import OrderedDict
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
            cache.add(self.key, _first_number(), None)
            version = cache.get(self.key)
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
            cache.set(self.key, _first_number(), None)

    def cached(self, name, compute, timeout):
        """compute()'s answer, reused until the next bump (and for at most `timeout` seconds)."""
        key = f"{self.key}:{self.current()}:{name}"
        value = IN_THIS_PROCESS.get(key)
        if value is None:
            value = cache.get(key)
            if value is None:
                value = compute()
                cache.set(key, value, timeout)
            IN_THIS_PROCESS.set(key, value, timeout)
        return value


def _first_number():
    return secrets.randbelow(2**48)


class ProcessCopies:
    """The most recently used answers, as pickles (each reader gets its own copy, as from the shared cache):
    at most `entries` of them and `budget` bytes in all; each expires when its shared copy does."""

    def __init__(self, entries=512, budget=16 * 1024 * 1024):
        self.entries, self.budget = entries, budget
        self._kept = OrderedDict()  # key: (pickle, monotonic expiry)
        self._bytes = 0
        self._lock = threading.Lock()  # the development server answers in threads

    def get(self, key):
        with self._lock:
            kept = self._kept.get(key)
            if kept is None:
                return None
            if kept[1] <= time.monotonic():
                self._drop(key)
                return None
            self._kept.move_to_end(key)
        return pickle.loads(kept[0])  # noqa: S301 - written by this process, below

    def set(self, key, value, timeout):
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(data) > self.budget // 16:  # a large answer would push out many small ones
            return
        expiry = time.monotonic() + (timeout if timeout is not None else 10**9)
        with self._lock:
            self._drop(key)
            self._kept[key] = (data, expiry)
            self._bytes += len(data)
            while len(self._kept) > self.entries or self._bytes > self.budget:
                self._drop(next(iter(self._kept)))  # the least recently used

    def _drop(self, key):
        kept = self._kept.pop(key, None)
        if kept is not None:
            self._bytes -= len(kept[0])


IN_THIS_PROCESS = ProcessCopies()
