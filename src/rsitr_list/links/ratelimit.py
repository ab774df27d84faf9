"""Politeness: a global cap on requests in flight, a cap per host, a minimum interval
between request starts on one host, and host-wide pauses (Retry-After, rate-limit resets).

A request waits for its host first and for a global slot last, so a thread waiting on
a busy or paused host never holds a slot another host could use.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator


class DeadlineReached(Exception):
    """The run's deadline passed before this request could start."""


class Deadline:
    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.end = clock() + seconds

    def remaining(self) -> float:
        return self.end - self.clock()

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0


class _Host:
    __slots__ = ("sem", "lock", "next_start", "paused_until", "interval", "in_flight", "max_in_flight", "requests")

    def __init__(self, concurrency: int, interval: float):
        self.sem = threading.BoundedSemaphore(concurrency)
        self.lock = threading.Lock()
        self.next_start = 0.0
        self.paused_until = 0.0
        self.interval = interval
        self.in_flight = 0
        self.max_in_flight = 0
        self.requests = 0


class Limiter:
    def __init__(self, global_limit: int, host_limits: Callable[[str], tuple[int, float]],
                 deadline: Deadline, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self._global = threading.BoundedSemaphore(global_limit)
        self._host_limits = host_limits
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        self.deadline = deadline
        self.clock = clock
        self.sleep = sleep

    def _host(self, host: str) -> _Host:
        h = self._hosts.get(host)
        if h is None:
            with self._lock:
                h = self._hosts.get(host)
                if h is None:
                    concurrency, interval = self._host_limits(host)
                    h = self._hosts[host] = _Host(concurrency, interval)
        return h

    def _acquire(self, sem: threading.BoundedSemaphore) -> None:
        # Wake up now and then so a deadline passing while we wait is noticed.
        while not sem.acquire(timeout=0.25):
            if self.deadline.expired:
                raise DeadlineReached()

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        h = self._host(host)
        self._acquire(h.sem)
        try:
            with h.lock:
                now = self.clock()
                start = max(now, h.next_start, h.paused_until)
                h.next_start = start + h.interval
            wait = start - now
            if wait > 0:
                if wait > self.deadline.remaining():
                    raise DeadlineReached()
                self.sleep(wait)
            self._acquire(self._global)
            try:
                with h.lock:
                    h.in_flight += 1
                    h.requests += 1
                    h.max_in_flight = max(h.max_in_flight, h.in_flight)
                try:
                    yield
                finally:
                    with h.lock:
                        h.in_flight -= 1
            finally:
                self._global.release()
        finally:
            h.sem.release()

    def pause(self, host: str, seconds: float) -> None:
        """Hold every request to this host for `seconds` (a Retry-After or rate-limit reset)."""
        h = self._host(host)
        with h.lock:
            h.paused_until = max(h.paused_until, self.clock() + seconds)

    def stats(self) -> dict[str, dict[str, int]]:
        """Requests sent and the most in flight at once, per host."""
        return {name: {"requests": h.requests, "max_in_flight": h.max_in_flight}
                for name, h in sorted(self._hosts.items())}
