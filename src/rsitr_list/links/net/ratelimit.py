"""Politeness: admission of every request to a host, one at a time through one gate.

A request is admitted when its host has fewer than its limit in flight, the least
interval since the host's last start has passed, the host is not paused, fewer than the
global limit are in flight anywhere, and no request of higher priority waits for the
same host. Priorities: a retry first (a timed-out chain must not restart at the back of
the queue), then the next hop of a check under way, then a new check.

Waits happen outside the gate: a request waiting out a Retry-After for its own URL
holds nothing, so the host serves others meanwhile. The host itself is paused only when
the server says the limit is host-wide (rate-limit headers), or when several URLs of
the host are told to wait at once.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import IntEnum

# This many URLs of one host told to wait at the same time means the limit is the host's.
HOST_WIDE_AFTER = 3


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


class Priority(IntEnum):
    RETRY = 0
    NEXT_HOP = 1
    NEW = 2


@dataclass
class _Host:
    concurrency: int
    interval: float
    gate: threading.Condition
    in_flight: int = 0
    # Checks counted against the host while they hold no slot and wait for none: handed to a
    # worker and not yet asking, or between two of their requests. Not those waiting out a
    # Retry-After or a backoff: those leave the room to other checks.
    held: int = 0
    next_start: float = 0.0
    paused_until: float = 0.0
    waiting: list[tuple[int, int]] = field(default_factory=list)  # heap of (priority, ticket)
    told_to_wait: dict[str, float] = field(default_factory=dict)  # url: until when
    max_in_flight: int = 0
    requests: int = 0


class _Task(threading.local):
    """Which check the current worker thread runs: its first request is new, the rest next hops."""

    held: str | None = None  # the host this check is counted against (see _Host.held)
    asked: bool = False


class Limiter:
    def __init__(
        self,
        global_limit: int,
        host_limits: Callable[[str], tuple[int, float]],
        deadline: Deadline,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.global_limit = global_limit
        self._host_limits = host_limits
        self.deadline = deadline
        self.clock = clock
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)  # the scheduler waits on it for room
        self._hosts: dict[str, _Host] = {}
        self._in_flight = 0
        self._global_waiters = 0
        self._tickets = itertools.count()
        self._task = _Task()

    def _host(self, name: str) -> _Host:
        h = self._hosts.get(name)
        if h is None:
            concurrency, interval = self._host_limits(name)
            h = self._hosts[name] = _Host(concurrency, interval, threading.Condition(self.lock))
        return h

    # -- the scheduler's side -------------------------------------------------------------

    def has_room(self, host: str) -> bool:
        """Whether a new check for this host would be admitted soon. Call with `lock` held."""
        h = self._host(host)
        return h.in_flight + len(h.waiting) + h.held < h.concurrency and h.paused_until <= self.clock()

    def starting(self, host: str) -> None:
        """A check for this host is being handed to a worker. Call with `lock` held."""
        self._host(host).held += 1

    @contextmanager
    def task(self, host: str) -> Iterator[None]:
        """Run on the worker thread around one check that `starting(host)` counted."""
        self._task.held, self._task.asked = host, False
        try:
            yield
        finally:
            self.rest()

    def rest(self) -> None:
        """The current check stops counting against its host until its next request (it is
        about to wait out a Retry-After or a backoff, or it is done)."""
        with self.lock:
            self._unhold()
            self.changed.notify_all()

    def _unhold(self) -> None:
        if self._task.held is not None:
            self._host(self._task.held).held -= 1
            self._task.held = None

    # -- the requests' side ---------------------------------------------------------------

    @contextmanager
    def slot(self, host: str, retry: bool = False) -> Iterator[None]:
        """Hold one of the host's slots for one exchange; raises DeadlineReached."""
        priority = Priority.RETRY if retry else (Priority.NEXT_HOP if self._task.asked else Priority.NEW)
        self._task.asked = True
        with self.lock:
            self._unhold()
            h = self._host(host)
            me = (int(priority), next(self._tickets))
            heapq.heappush(h.waiting, me)
            try:
                self._wait_turn(h, me)
            except BaseException:
                h.waiting.remove(me)
                heapq.heapify(h.waiting)
                h.gate.notify_all()
                self.changed.notify_all()
                raise
            heapq.heappop(h.waiting)
            now = self.clock()
            opens = max(h.next_start, h.paused_until)
            # Spaced from when the gate opened rather than from when this thread woke, so that
            # wake-up latency does not pile up over a busy host's queue; only when it woke within
            # a tenth of the interval, so two starts stay at least 0.9 x the interval apart.
            h.next_start = (opens if now - opens <= 0.1 * h.interval else now) + h.interval
            h.in_flight += 1
            h.requests += 1
            h.max_in_flight = max(h.max_in_flight, h.in_flight)
            self._in_flight += 1
            h.gate.notify_all()  # the next in line may now wait for its interval
        try:
            yield
        finally:
            with self.lock:
                h.in_flight -= 1
                self._in_flight -= 1
                # Held until the check's next request or its end: a retry or next hop that
                # follows at once must not find its place taken by a new check.
                h.held += 1
                self._task.held = host
                h.gate.notify_all()
                if self._global_waiters:
                    for other in self._hosts.values():
                        other.gate.notify_all()
                self.changed.notify_all()

    def _wait_turn(self, h: _Host, me: tuple[int, int]) -> None:
        while True:
            now = self.clock()
            opens = max(h.next_start, h.paused_until)
            first = h.waiting[0] == me
            if first and h.in_flight < h.concurrency and opens > now and opens - now > self.deadline.remaining():
                raise DeadlineReached()
            if self.deadline.expired:
                raise DeadlineReached()
            if first and h.in_flight < h.concurrency and opens <= now:
                if self._in_flight < self.global_limit:
                    return
                self._global_waiters += 1
                try:
                    h.gate.wait(0.25)
                finally:
                    self._global_waiters -= 1
                continue
            # Wake for the interval to pass, or when someone leaves; now and then for the deadline.
            h.gate.wait(min(0.25, opens - now) if first and opens > now else 0.25)

    def pause(self, host: str, seconds: float) -> None:
        """Hold every request to this host for `seconds`: the server said its limit is host-wide."""
        with self.lock:
            h = self._host(host)
            until = self.clock() + seconds
            h.paused_until = max(h.paused_until, until)

    def told_to_wait(self, host: str, url: str, seconds: float) -> None:
        """One URL was asked to come back in `seconds`; several at once pause the host."""
        with self.lock:
            h = self._host(host)
            now = self.clock()
            h.told_to_wait = {u: t for u, t in h.told_to_wait.items() if t > now}
            h.told_to_wait[url] = now + seconds
            if len(h.told_to_wait) >= HOST_WIDE_AFTER:
                h.paused_until = max(h.paused_until, *h.told_to_wait.values())

    def stats(self) -> dict[str, dict[str, int]]:
        """Requests sent and the most in flight at once, per host."""
        with self.lock:
            return {
                name: {"requests": h.requests, "max_in_flight": h.max_in_flight}
                for name, h in sorted(self._hosts.items())
            }
