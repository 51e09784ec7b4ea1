"""A sick search cluster: the breaker stops waiting on it. The frozen node is a real TCP listener that
accepts connections and never answers — what a SIGSTOPped or overloaded node looks like to a client."""

import socket
import threading
import time

import pytest

from search.breaker import Breaker
from search.params import SearchParams
from search.service import search
from tests.conftest import es_config


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_the_breaker_opens_after_consecutive_failures_and_probes_after_the_cool_down():
    clock = Clock()
    breaker = Breaker(failures_to_open=3, cool_down=30, clock=clock)
    for _ in range(2):
        assert breaker.allows()
        breaker.failed()
    assert breaker.allows() and not breaker.is_open
    breaker.failed()
    assert breaker.is_open and not breaker.allows()
    clock.now += 29
    assert not breaker.allows()
    clock.now += 2
    assert breaker.allows()  # one probe …
    assert not breaker.allows()  # … at a time
    breaker.failed()
    assert not breaker.allows()  # open again for another cool-down
    clock.now += 31
    assert breaker.allows()
    breaker.succeeded()
    assert breaker.allows() and breaker.allows() and not breaker.is_open


def test_a_success_between_failures_keeps_it_closed():
    breaker = Breaker(failures_to_open=3, cool_down=30, clock=Clock())
    for _ in range(10):
        breaker.failed()
        breaker.failed()
        breaker.succeeded()
    assert breaker.allows() and not breaker.is_open


@pytest.fixture
def frozen_node():
    """A port that accepts connections and never answers; closed after the test."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.2)
    accepted, stop = [], threading.Event()

    def accept():
        deadline = time.monotonic() + 120  # bounded, whatever the test does
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                connection, _address = listener.accept()
                accepted.append(connection)
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(timeout=5)
    for connection in accepted:
        connection.close()
    listener.close()


def test_searches_stop_waiting_on_a_frozen_node(frozen_node, settings, db):
    timeout = 0.5
    settings.ELASTICSEARCH = {**es_config("test-frozen", frozen_node), "TIMEOUT": timeout}
    durations = []
    for _ in range(12):  # bounded: 12 searches
        started = time.monotonic()
        results = search(SearchParams(q="工作室"))
        durations.append(time.monotonic() - started)
        assert results.engine == "database" and results.count > 0
        assert results.notice  # the user is told
    waited = [d for d in durations if d >= timeout * 0.9]
    assert len(waited) <= 3, durations  # only the failures that open the breaker waited
    assert max(durations[3:]) < timeout / 2, durations  # the rest answered at once
