"""One HTTP exchange, politely: wait for the host's turn, send, read only what is needed,
retry what is worth retrying (timeouts, resets, 5xx, 429/503 with Retry-After).

Every exchange streams: a body is read only as far as its purpose needs (nothing for
HEAD and redirects, the first few KiB to recognise a bot wall, or up to the fragment
being looked for), then the connection is dropped rather than drained.
"""

from __future__ import annotations

import email.utils
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.cookiejar import DefaultCookiePolicy
from typing import Callable, Iterator
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests.cookies import RequestsCookieJar, extract_cookies_to_jar
from requests.structures import CaseInsensitiveDict

from .config import LinkSettings
from .fragments import FragmentScanner
from .ratelimit import DeadlineReached, Limiter
from .verdicts import Outcome, Verdict

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
_DRAIN_LIMIT = 64 * 1024  # a small body is read to the end so the connection can be reused
_CHUNK = 16 * 1024

ACCEPT_HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@dataclass
class Reply:
    url: str
    status: int
    headers: CaseInsensitiveDict
    body: bytes = b""                   # what was read (a head, or up to the fragment)
    complete: bool = False              # the whole body was read
    fragment_found: bool | None = None  # None when not looked for
    attempts: int = 1

    @property
    def location(self) -> str | None:
        return self.headers.get("location")

    @property
    def is_html(self) -> bool:
        ctype = self.headers.get("content-type", "").lower()
        return not ctype or "html" in ctype


@dataclass
class Want:
    """How much of a body to read, by outcome of the status line."""

    head_bytes: int = 0                     # for an accepted or error status (bot-wall detection)
    scanner: FragmentScanner | None = None  # read until the anchor is found, up to max_bytes
    max_bytes: int = 0
    all_bytes: int = 0                      # read a whole body up to this size (API replies)


@dataclass
class Counters:
    requests: int = 0
    bytes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, n_bytes: int) -> None:
        with self.lock:
            self.requests += 1
            self.bytes += n_bytes


def make_session(cfg: LinkSettings) -> requests.Session:
    session = requests.Session()
    session.trust_env = cfg.trust_env
    per_host = max([cfg.per_host_concurrency] + [h.concurrency or 0 for h in cfg.hosts.values()])
    adapter = HTTPAdapter(pool_connections=min(256, cfg.max_concurrency * 4), pool_maxsize=per_host,
                          max_retries=0, pool_block=False)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    # Cookies live in one jar per checked link (some sites loop without them), never shared.
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    session.headers.clear()
    session.headers.update({"Accept": ACCEPT_HTML, "Accept-Language": "en-US,en;q=0.7",
                            "Accept-Encoding": "gzip, deflate"})
    return session


def retry_after(headers: CaseInsensitiveDict, now: Callable[[], float] = time.time) -> float | None:
    value = headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now())


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    stack = [exc]
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        for nxt in (getattr(e, "reason", None), e.__cause__, e.__context__, *getattr(e, "args", ())):
            if isinstance(nxt, BaseException):
                stack.append(nxt)


def classify_error(exc: BaseException, host: str) -> tuple[Outcome, bool]:
    """(outcome, worth retrying) for an exception raised while talking to a host."""
    causes = list(_causes(exc))
    # Order matters: urllib3's NewConnectionError (refused, unreachable) subclasses its
    # ConnectTimeoutError, so the precise causes are looked for before timeouts.
    if any(isinstance(e, (socket.gaierror, urllib3.exceptions.NameResolutionError)) for e in causes):
        return Outcome(Verdict.BROKEN, f"DNS lookup failed: no address for {host}"), False
    if any(isinstance(e, ConnectionRefusedError) for e in causes):
        return Outcome(Verdict.BROKEN, f"connection refused by {host}"), False
    if any(isinstance(e, (ssl.SSLError, requests.exceptions.SSLError, urllib3.exceptions.SSLError)) for e in causes):
        detail = next((str(e) for e in causes if isinstance(e, ssl.SSLError)), "")
        return Outcome(Verdict.BROKEN, f"TLS error{': ' + detail[:160] if detail else ''}"), False
    if any(isinstance(e, (requests.exceptions.Timeout, TimeoutError)) or
           (isinstance(e, urllib3.exceptions.TimeoutError) and not isinstance(e, urllib3.exceptions.NewConnectionError))
           for e in causes):
        connect = any(isinstance(e, (requests.exceptions.ConnectTimeout, urllib3.exceptions.ConnectTimeoutError))
                      and not isinstance(e, urllib3.exceptions.NewConnectionError) for e in causes)
        what = "connecting timed out" if connect else "no response before the read timeout"
        return Outcome(Verdict.TIMEOUT, what), True
    if any(isinstance(e, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                          requests.exceptions.MissingSchema, urllib3.exceptions.LocationParseError,
                          UnicodeError)) for e in causes):
        return Outcome(Verdict.BROKEN, "invalid URL: it cannot be requested as written"), False
    if any(isinstance(e, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)) for e in causes):
        return Outcome(Verdict.BROKEN, f"connection reset by {host}"), True
    return Outcome(Verdict.BROKEN, f"connection failed: {type(exc).__name__}"), True


class Fetcher:
    """Sends requests through the limiter; shared by every worker thread."""

    def __init__(self, cfg: LinkSettings, limiter: Limiter, session: requests.Session,
                 sleep: Callable[[float], None] = time.sleep, wall_clock: Callable[[], float] = time.time):
        self.cfg = cfg
        self.limiter = limiter
        self.session = session
        self.sleep = sleep
        self.wall_clock = wall_clock
        self.counters = Counters()

    def backoff(self, attempt: int) -> float:
        return min(self.cfg.max_backoff, self.cfg.backoff * (2 ** attempt))

    def request(self, method: str, url: str, want: Want, *, jar: RequestsCookieJar | None = None,
                headers: dict[str, str] | None = None) -> Reply | Outcome:
        """One request with retries. A Reply for any HTTP answer, an Outcome when none came."""
        host = (urlsplit(url).hostname or "").lower()
        deadline = self.limiter.deadline
        attempt = 0
        while True:
            try:
                reply: Reply | Outcome = self._exchange(method, url, host, want, jar, headers)
                retry = False
                wait = 0.0
                if reply.status in RETRY_STATUSES:
                    retry = True
                    after = retry_after(reply.headers, self.wall_clock) if reply.status in (429, 503) else None
                    if after is not None:
                        if after > self.cfg.max_retry_after:
                            retry = False
                        else:
                            # The whole host waits, not only this request: that is what the server asked.
                            self.limiter.pause(host, after)
                    else:
                        wait = self.backoff(attempt)
            except DeadlineReached:
                return Outcome(Verdict.SKIPPED, "not checked: the run's deadline was reached", cacheable=False)
            except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError,
                    UnicodeError, ValueError) as exc:
                reply, retry = classify_error(exc, host)
                wait = self.backoff(attempt)
                if reply.verdict is Verdict.TIMEOUT and deadline.remaining() <= 0.05:
                    # The deadline shortened this request's timeout: the run ran out, not the link.
                    return Outcome(Verdict.SKIPPED, "not checked: the run's deadline was reached", cacheable=False)
            if isinstance(reply, Reply):
                reply.attempts = attempt + 1
            if not retry or attempt >= self.cfg.retries or wait >= deadline.remaining():
                if isinstance(reply, Outcome) and attempt:
                    reply = Outcome(reply.verdict, f"{reply.message} ({attempt + 1} attempts)")
                return reply
            if wait:
                self.sleep(wait)
            attempt += 1

    def _exchange(self, method: str, url: str, host: str, want: Want, jar: RequestsCookieJar | None,
                  extra: dict[str, str] | None) -> Reply:
        cfg = self.cfg
        hs = cfg.host(host)
        headers = {"User-Agent": hs.user_agent or cfg.user_agent, **cfg.headers, **hs.headers, **(extra or {})}
        connect_t = hs.connect_timeout or cfg.connect_timeout
        read_t = hs.read_timeout or cfg.read_timeout
        with self.limiter.slot(host):
            left = max(0.05, self.limiter.deadline.remaining())
            resp = self.session.request(method, url, headers=headers, cookies=jar, allow_redirects=False,
                                        stream=True, timeout=(min(connect_t, left), min(read_t, left)))
            try:
                if jar is not None:
                    extract_cookies_to_jar(jar, resp.request, resp.raw)
                reply = Reply(url=url, status=resp.status_code, headers=resp.headers)
                self._read(resp, method, want, reply, min(read_t, left))
            finally:
                resp.close()  # returns the connection to the pool only if the body was read to the end
                self.counters.add(resp.raw.tell() if resp.raw is not None else 0)
        return reply

    def _read(self, resp: requests.Response, method: str, want: Want, reply: Reply, budget: float) -> None:
        status = resp.status_code
        scanner = None
        if method == "HEAD":
            resp.content  # empty; marks the response consumed so the connection is reused
            reply.complete = True
            return
        if want.all_bytes:
            limit = want.all_bytes
        elif status in REDIRECTS:
            limit = 0
        elif status in self.cfg.accept and want.scanner is not None:
            scanner, limit = want.scanner, want.max_bytes
        else:
            limit = want.head_bytes
        length = resp.headers.get("content-length", "")
        if limit < _DRAIN_LIMIT and length.isdigit() and int(length) <= _DRAIN_LIMIT:
            limit = _DRAIN_LIMIT  # cheaper to read a small body than to open a new connection
        if limit <= 0:
            return
        kept = bytearray()
        started = time.monotonic()
        try:
            for chunk in resp.iter_content(_CHUNK):
                if len(kept) < max(want.head_bytes, want.all_bytes):
                    kept += chunk
                if scanner is not None and scanner.feed(chunk):
                    break
                # A slow trickle must not hold the check for longer than one read timeout.
                if resp.raw.tell() >= limit or time.monotonic() - started > budget:
                    break
            else:
                reply.complete = True
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError):
            pass  # a body cut short still tells what it began with
        reply.body = bytes(kept)
        if scanner is not None:
            reply.fragment_found = scanner.found


def api_get(fetcher: Fetcher, url: str, headers: dict[str, str], max_bytes: int = 4 * 1024 * 1024,
            max_redirects: int = 3) -> Reply | Outcome:
    """GET a whole API reply, following a few redirects (http to https, a moved resource)."""
    for _ in range(max_redirects + 1):
        reply = fetcher.request("GET", url, Want(all_bytes=max_bytes), headers=headers)
        if isinstance(reply, Outcome) or reply.status not in REDIRECTS or not reply.location:
            return reply
        url = urljoin(url, reply.location)
    return Outcome(Verdict.BLOCKED, f"could not verify: the API at {urlsplit(url).hostname} redirects too often")


def api_trouble(reply: Reply, api: str) -> Outcome:
    """An API answer that says nothing about the link itself (an outage, a refusal)."""
    from .check import phrase

    return Outcome(Verdict.BLOCKED, f"could not verify: the {api} answered {phrase(reply.status)}",
                   status=reply.status)
