"""The requests session every exchange goes through, with a cap on each exchange's total time.

Per-read timeouts do not bound an exchange: a server that trickles a byte a second
never lets a read wait long, and http.client would read its status line and headers
for hours. So every exchange runs under a `Guard`: one watchdog thread shuts the
exchange's socket down when its time is up, which ends any read blocked on it.
"""

from __future__ import annotations

import heapq
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.response import HTTPResponse

from ..config import LinkSettings

ACCEPT_HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class Guard:
    """One exchange's time limit: `expired` once the watchdog has cut it off."""

    def __init__(self, ends_at: float):
        self.ends_at = ends_at
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            if self.expired:
                _shut(sock)
            else:
                self._sockets.append(sock)

    def fire(self) -> None:
        with self._lock:
            self.expired = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shut(sock)

    def disarm(self) -> None:
        with self._lock:
            self._sockets = []


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


class _Watchdog:
    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Guard]] = []
        self._ids = itertools.count()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def arm(self, guard: Guard) -> None:
        with self._cond:
            heapq.heappush(self._heap, (guard.ends_at, next(self._ids), guard))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="links-watchdog", daemon=True)
                self._thread.start()
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                ends_at, _, guard = self._heap[0]
                wait = ends_at - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
            guard.fire()  # after disarm() this only marks an exchange that is over


_watchdog = _Watchdog()
_current = threading.local()


@contextmanager
def guarded(seconds: float) -> Iterator[Guard]:
    """Run the exchange inside under a total-time cap of `seconds`."""
    guard = Guard(time.monotonic() + seconds)
    _current.guard = guard
    _watchdog.arm(guard)
    try:
        yield guard
    finally:
        guard.disarm()
        _current.guard = None


def _watch_current(sock: socket.socket | None) -> None:
    guard: Guard | None = getattr(_current, "guard", None)
    if guard is not None:
        guard.watch(sock)


class _GuardedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _watch_current(self.sock)

    # urllib3 narrows http.client's return type here, with the same ignore.
    def getresponse(self) -> HTTPResponse:  # type: ignore[override]
        _watch_current(self.sock)  # a reused keep-alive connection: connect() did not run
        return super().getresponse()


class _GuardedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _watch_current(self.sock)

    def getresponse(self) -> HTTPResponse:  # type: ignore[override]
        _watch_current(self.sock)
        return super().getresponse()


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}


def make_session(cfg: LinkSettings) -> requests.Session:
    session = requests.Session()
    session.trust_env = cfg.trust_env
    per_host = max([cfg.per_host_concurrency] + [h.concurrency or 0 for h in cfg.hosts.values()])
    adapter = _GuardedAdapter(
        pool_connections=min(256, cfg.max_concurrency * 4), pool_maxsize=per_host, max_retries=0, pool_block=False
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    # Cookies live in one jar per checked link (some sites loop without them), never shared.
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    session.headers.clear()
    session.headers.update(
        {"Accept": ACCEPT_HTML, "Accept-Language": "en-US,en;q=0.7", "Accept-Encoding": "gzip, deflate"}
    )
    return session
