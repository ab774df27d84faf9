"""One HTTP request with its retries: wait for the host's turn, send, read only what is
needed, retry what is worth retrying (timeouts, resets, 5xx, 429/503 with Retry-After).

Every exchange streams: a body is read only as far as its purpose needs (nothing for
HEAD and redirects, the first few KiB to recognise a bot wall, or up to the fragment
being looked for), then the connection is dropped rather than drained.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from requests.cookies import RequestsCookieJar, extract_cookies_to_jar
from requests.structures import CaseInsensitiveDict

from ..config import LinkSettings
from ..verdicts import DEADLINE_SKIP, Outcome, Verdict
from .body import read_body
from .errors import EXCHANGE_ERRORS, Failure, classify_error
from .ratelimit import DeadlineReached, Limiter
from .session import guarded
from .status import REDIRECTS, RETRY_STATUSES, phrase, quota_spent, retry_after

_DRAIN_LIMIT = 64 * 1024  # a small body is read to the end so the connection can be reused


@dataclass
class Reply:
    url: str
    status: int
    headers: CaseInsensitiveDict[str]
    body: bytes = b""  # what was read (a head, or up to the fragment)
    complete: bool = False  # the whole body was read
    fragment_found: bool | None = None  # None when not looked for
    readable: bool = True  # False for a Content-Encoding we cannot decode
    attempts: int = 1

    @property
    def location(self) -> str | None:
        return self.headers.get("location")

    @property
    def is_html(self) -> bool:
        ctype = self.headers.get("content-type", "").lower()
        return not ctype or "html" in ctype


@dataclass(frozen=True)
class Want:
    """How much of a body to read, by outcome of the status line."""

    head_bytes: int = 0  # for an accepted or error status (bot-wall detection)
    scan: Callable[[bytes], bool] | None = None  # fed the body until it says stop, up to max_bytes
    max_bytes: int = 0
    all_bytes: int = 0  # read a whole body up to this size (API replies)


@dataclass
class Counters:
    requests: int = 0
    bytes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, n_bytes: int) -> None:
        with self.lock:
            self.requests += 1
            self.bytes += n_bytes


@dataclass(frozen=True)
class _Again:
    wait: float  # seconds this request waits before its retry (the host is not held)


class Fetcher:
    """Sends requests through the limiter; shared by every worker thread."""

    def __init__(
        self,
        cfg: LinkSettings,
        limiter: Limiter,
        session: requests.Session,
        sleep: Callable[[float], None] = time.sleep,
        wall_clock: Callable[[], float] = time.time,
    ):
        self.cfg = cfg
        self.limiter = limiter
        self.session = session
        self.sleep = sleep
        self.wall_clock = wall_clock
        self.counters = Counters()

    def backoff(self, attempt: int) -> float:
        return min(self.cfg.max_backoff, self.cfg.backoff * 2.0**attempt)

    def request(
        self,
        method: str,
        url: str,
        want: Want,
        *,
        jar: RequestsCookieJar | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply | Outcome:
        """One request with retries. A Reply for any HTTP answer, an Outcome when none came."""
        host = (urlsplit(url).hostname or "").lower()
        deadline = self.limiter.deadline
        attempt = 0
        while True:
            try:
                result = self._exchange(method, url, host, want, jar, headers, retry=attempt > 0)
            except DeadlineReached:
                return DEADLINE_SKIP
            if (
                isinstance(result, Failure)
                and result.outcome.verdict is Verdict.TIMEOUT
                and deadline.remaining() <= 0.05
            ):
                return DEADLINE_SKIP  # the deadline shortened this request's timeout: the run ran out, not the link
            step = self._next_step(result, host, url, attempt)
            if isinstance(result, Reply):
                result.attempts = attempt + 1
            if step is None or attempt >= self.cfg.retries or step.wait >= deadline.remaining():
                if isinstance(result, Failure):
                    out = result.outcome
                    return Outcome(out.verdict, f"{out.message} ({attempt + 1} attempts)") if attempt else out
                return result
            if step.wait:
                self.limiter.rest()  # waiting holds nothing: the host serves other checks meanwhile
                self.sleep(step.wait)
            attempt += 1

    def _next_step(self, result: Reply | Failure, host: str, url: str, attempt: int) -> _Again | None:
        """Whether to ask again, and after how long; pauses the host where the server asked."""
        if isinstance(result, Failure):
            if not result.retry:
                return None
            # A timeout has already waited its full length: ask again at once, ahead of new work.
            return _Again(0.0 if result.outcome.verdict is Verdict.TIMEOUT else self.backoff(attempt))
        quota = quota_spent(result.headers, self.wall_clock)
        if result.status not in RETRY_STATUSES:
            if quota is not None and 0 < quota <= self.cfg.max_retry_after:
                self.limiter.pause(host, quota)  # the host's quota is spent: nobody asks before it resets
            return None
        after = retry_after(result.headers, self.wall_clock) if result.status in (429, 503) else None
        if after is not None and after > self.cfg.max_retry_after:
            return None
        if quota is not None:
            wait = after if after is not None else quota
            self.limiter.pause(host, min(wait or self.backoff(attempt), self.cfg.max_retry_after))
            return _Again(0.0)  # the pause holds the retry back, with every other request to the host
        if after is not None:
            self.limiter.told_to_wait(host, url, after)
            return _Again(after)  # only this URL waits: what the server asked of it
        return _Again(self.backoff(attempt))

    def _exchange(
        self,
        method: str,
        url: str,
        host: str,
        want: Want,
        jar: RequestsCookieJar | None,
        extra: dict[str, str] | None,
        retry: bool,
    ) -> Reply | Failure:
        cfg = self.cfg
        hs = cfg.host(host)
        headers = {"User-Agent": hs.user_agent or cfg.user_agent, **cfg.headers, **hs.headers, **(extra or {})}
        connect_t = hs.connect_timeout or cfg.connect_timeout
        read_t = hs.read_timeout or cfg.read_timeout
        with self.limiter.slot(host, retry):
            left = max(0.05, self.limiter.deadline.remaining())
            cap = min(cfg.request_timeout, left)
            with guarded(cap) as guard:
                try:
                    resp = self.session.request(
                        method,
                        url,
                        headers=headers,
                        cookies=jar,
                        allow_redirects=False,
                        stream=True,
                        timeout=(min(connect_t, left), min(read_t, left)),
                    )
                except EXCHANGE_ERRORS as exc:
                    self.counters.add(0)
                    return classify_error(exc, host, cut_off=cap if guard.expired else None)
                try:
                    if jar is not None:
                        extract_cookies_to_jar(jar, resp.request, resp.raw)
                    reply = Reply(url=url, status=resp.status_code, headers=resp.headers)
                    self._read(resp, method, want, reply, lambda: guard.expired)
                finally:
                    resp.close()  # returns the connection to the pool only if the body was read to the end
                    self.counters.add(resp.raw.tell() if resp.raw is not None else 0)
        return reply

    def _read(
        self, resp: requests.Response, method: str, want: Want, reply: Reply, expired: Callable[[], bool]
    ) -> None:
        status = resp.status_code
        scan = None
        if method == "HEAD":
            resp.raw.read(decode_content=False)  # empty; marks the response consumed so the connection is reused
            reply.complete = True
            return
        if want.all_bytes:
            limit = want.all_bytes
        elif status in REDIRECTS:
            limit = 0
        elif status in self.cfg.accept and want.scan is not None:
            scan, limit = want.scan, want.max_bytes
        else:
            limit = want.head_bytes
        length = resp.headers.get("content-length", "")
        if limit < _DRAIN_LIMIT and length.isdigit() and int(length) <= _DRAIN_LIMIT:
            limit = _DRAIN_LIMIT  # cheaper to read a small body than to open a new connection
        if limit <= 0:
            return
        body = read_body(
            lambda n: resp.raw.read1(n, decode_content=False),
            resp.headers.get("content-encoding", ""),
            limit=limit,
            keep=max(want.head_bytes, want.all_bytes),
            scan=scan,
            expired=expired,
        )
        reply.body = body.kept
        reply.complete = body.complete
        reply.readable = body.decoded
        if scan is not None:
            reply.fragment_found = body.found


def api_get(
    fetcher: Fetcher, url: str, headers: dict[str, str], max_bytes: int = 4 * 1024 * 1024, max_redirects: int = 3
) -> Reply | Outcome:
    """GET a whole API reply, following a few redirects (http to https, a moved resource)."""
    for _ in range(max_redirects + 1):
        reply = fetcher.request("GET", url, Want(all_bytes=max_bytes), headers=headers)
        if isinstance(reply, Outcome) or reply.status not in REDIRECTS or not reply.location:
            return reply
        url = urljoin(url, reply.location)
    return Outcome(Verdict.BLOCKED, f"could not verify: the API at {urlsplit(url).hostname} redirects too often")


def api_trouble(reply: Reply, api: str) -> Outcome:
    """An API answer that says nothing about the link itself (an outage, a refusal)."""
    return Outcome(Verdict.BLOCKED, f"could not verify: the {api} answered {phrase(reply.status)}", status=reply.status)
