"""A sick search cluster: the breaker stops waiting on it. First a listener that accepts connections and
never answers (what a frozen node looks like to a client), then the real test node frozen with SIGSTOP
while four clients search."""

import contextlib
import os
import signal
import socket
import threading
import time

import pytest

from django.db import connections

from search import local_node
from search.breaker import Breaker
from search.params import SearchParams
from search.service import search
from tests.conftest import ES_TEST_HOME, es_config


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


def test_one_timeout_opens_it_at_once():
    clock = Clock()
    breaker = Breaker(failures_to_open=3, cool_down=30, clock=clock)
    breaker.failed(timed_out=True)
    assert breaker.is_open and not breaker.allows()
    clock.now += 31
    assert breaker.allows()  # the probe after the cool-down
    breaker.succeeded()
    assert not breaker.is_open
    breaker.failed()  # a refused connection alone does not open it
    assert breaker.allows() and not breaker.is_open


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
    assert len(waited) == 1, durations  # only the first search waited out the timeout …
    assert max(durations[1:]) < timeout / 2, durations  # … the rest answered at once


def test_a_slow_suggestion_alone_does_not_open_it(frozen_node, settings, db):
    from search.breaker import breaker
    from search.service import suggest

    settings.ELASTICSEARCH = {**es_config("test-frozen", frozen_node), "TIMEOUT": 0.5}
    suggest("工作")  # waits its short timeout, answered by the database
    assert not breaker.is_open
    search(SearchParams(q="工作室"))
    assert breaker.is_open


# --- The real node, frozen with SIGSTOP, under load -------------------------------------------

LOAD_THREADS, LOAD_SECONDS, LOAD_MAX_REQUESTS = 4, 8.0, 600


@contextlib.contextmanager
def frozen(home):
    """The test node's processes stopped (SIGSTOP): connections are accepted by the kernel, nothing
    answers. Always continued (SIGCONT) afterwards, and healthy again before the next test."""
    pid_file = home / "node.pid"
    if not pid_file.exists():
        pytest.fail(f"no {pid_file}: the test node was not started by local_node", pytrace=False)
    group = int(pid_file.read_text())
    os.killpg(group, signal.SIGSTOP)
    try:
        yield
    finally:
        os.killpg(group, signal.SIGCONT)


def search_load(client, queries, seconds=LOAD_SECONDS):
    """LOAD_THREADS clients searching back to back for `seconds` (at most LOAD_MAX_REQUESTS):
    (seconds since the start, duration, status, engine) per request."""
    started, lock, answers = time.monotonic(), threading.Lock(), []

    def work(worker):
        n = worker
        while time.monotonic() - started < seconds:
            with lock:
                if len(answers) >= LOAD_MAX_REQUESTS:
                    return
            sent = time.monotonic()
            response = client.get("/api/search/", {"q": queries[n % len(queries)]})
            took = time.monotonic() - sent
            engine = response.json().get("engine") if response.status_code == 200 else None
            with lock:
                answers.append((sent - started, took, response.status_code, engine))
            n += LOAD_THREADS
        connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(LOAD_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    return answers


def p95(durations):
    durations = sorted(durations)
    return durations[int(len(durations) * 0.95)]


def test_a_sigstopped_node_under_load_costs_one_timeout_then_searches_answer_at_once(
    use_elasticsearch, settings, client, monkeypatch, db
):
    from projects.models import ProjectPage
    from search.breaker import breaker

    timeout = 5.0  # production's default (ELASTICSEARCH_TIMEOUT)
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "TIMEOUT": timeout}
    monkeypatch.setattr(breaker, "cool_down", 3.0)  # so the recovery is seen within the test
    titles = list(ProjectPage.objects.live().values_list("title", flat=True)[:60])
    queries = [title[i : i + 2] for title in titles for i in (0, 2)]  # different queries, no cache hits
    # Not one of the load's queries: this search is counted (search.querylog) in the test's transaction,
    # and a load thread counting the same query would wait for that row's lock until the test ends.
    assert titles[0] not in queries
    assert client.get("/api/search/", {"q": titles[0]}).json()["engine"] == "elasticsearch"

    # What the database engine costs under this load on this machine now (the breaker held open by
    # hand, other queries so nothing is cached): the speed the fallback should answer at.
    monkeypatch.setattr(breaker, "failures", breaker.failures_to_open)
    monkeypatch.setattr(breaker, "open_until", breaker.clock() + 3600)
    own_queries = [title[i : i + 2] for title in titles for i in (1, 3)]
    database_alone = search_load(client, own_queries, seconds=3.0)
    assert {engine for *_, engine in database_alone} == {"database"}
    database_p95 = p95(took for _at, took, *_ in database_alone)
    breaker.succeeded()

    with frozen(ES_TEST_HOME):
        answers = search_load(client, queries)

    assert len(answers) > 50 and {status for *_, status, _engine in answers} == {200}  # 0 errors
    settled = p95(took for at, took, *_ in answers if at > timeout + 1)  # after the first wave
    print(
        f"frozen node: {len(answers)} searches, p95 after the first wave {settled:.3f} s,"
        f" database alone {database_p95:.3f} s"
    )
    # Answered at the database's own speed (with room for a noisy machine), never near the timeout.
    assert settled < max(1.0, 2 * database_p95) and settled < timeout / 3, (settled, database_p95)
    assert {engine for at, _took, _status, engine in answers if at > timeout + 1} == {"database"}
    slow = [took for _at, took, *_ in answers if took >= timeout * 0.9]
    assert len(slow) <= LOAD_THREADS  # only the requests in flight when it froze waited it out

    # Continued, the node is used again after the cool-down.
    deadline = time.monotonic() + 60
    while local_node.health(use_elasticsearch) not in ("green", "yellow") and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(breaker.cool_down)
    engines = [client.get("/api/search/", {"q": q}).json()["engine"] for q in queries[:3]]
    assert engines[-1] == "elasticsearch", engines
