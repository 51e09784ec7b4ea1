"""A circuit breaker for a sick Elasticsearch cluster.

A frozen or overloaded node does not refuse connections: every request waits out the timeout. So a
timeout opens the breaker at once (it has already cost a user the whole timeout, and every request
sent meanwhile would cost the same), and FAILURES_TO_OPEN cheap failures in a row (refused
connections, 429, 5xx) open it too. While open, queries skip Elasticsearch (the database answers at
once, with the notice) for COOL_DOWN seconds; then one request probes again — success closes the
breaker, failure opens it for another cool-down. State is per process, so each worker learns on its
own, after one timeout at most.
"""

import threading
import time

FAILURES_TO_OPEN = 3
COOL_DOWN = 30.0


class Breaker:
    def __init__(self, failures_to_open=FAILURES_TO_OPEN, cool_down=COOL_DOWN, clock=time.monotonic):
        self.failures_to_open, self.cool_down, self.clock = failures_to_open, cool_down, clock
        self.lock = threading.Lock()
        self.failures = 0
        self.open_until = 0.0
        self.probing = False

    def allows(self):
        """May this request try Elasticsearch? While open: no; after the cool-down: one probe at a time."""
        with self.lock:
            if self.failures < self.failures_to_open:
                return True
            if self.clock() < self.open_until or self.probing:
                return False
            self.probing = True
            return True

    def succeeded(self):
        with self.lock:
            self.failures, self.probing = 0, False

    def failed(self, timed_out=False):
        with self.lock:
            self.failures = self.failures_to_open if timed_out else self.failures + 1
            self.probing = False
            if self.failures >= self.failures_to_open:
                self.open_until = self.clock() + self.cool_down

    @property
    def is_open(self):
        return self.failures >= self.failures_to_open and self.clock() < self.open_until


breaker = Breaker()
