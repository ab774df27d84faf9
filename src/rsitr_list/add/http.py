"""GET a metadata API politely and defensively, with answers cached on disk.

A server is a stranger: its answer is read up to MAX_BYTES within a deadline, a 429 or
503 is retried only when Retry-After asks for a short wait, and every failure becomes an
AddError that says what happened and what to try.
"""

from __future__ import annotations

import hashlib
import json
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests

from .. import __version__
from ..core.retry_after import retry_after_seconds
from ..core.write import replace_file
from .errors import AddError

MAX_BYTES = 5_000_000  # a work's metadata is a few kB; more is not an answer worth reading
MAX_WAIT = 10.0  # seconds of Retry-After we wait for; a longer wait is the user's decision
RETRIES = 2
CACHE_VERSION = 1


@dataclass
class Fetcher:
    cache_dir: Path | None
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    deadline: float = 30.0  # for one answer, however slowly it trickles in
    refresh: bool = False  # ignore cached answers (they are still written)
    sleep: Callable[[float], None] = time.sleep
    session: requests.Session = field(default_factory=requests.Session)

    def get(
        self, base: str, path: str = "", params: dict[str, str] | None = None, *, what: str, setting: str
    ) -> bytes | None:
        """The body of a 200 answer, or None for a 404. `what` and `setting` name the service in messages."""
        url = base.rstrip("/") + path + (f"?{urlencode(params)}" if params else "")
        cached = None if self.refresh else self._read_cache(url)
        if cached is not None:
            return cached
        host = urlsplit(url).hostname or base
        for attempt in range(RETRIES + 1):
            status, headers, body = self._once(url, host, what, setting)
            if status == 200:
                self._write_cache(url, body)
                return body
            if status in (404, 410):
                return None
            if status in (429, 503):
                wait = retry_after_seconds(headers.get("Retry-After"))
                if attempt < RETRIES and wait is not None and wait <= MAX_WAIT:
                    self.sleep(wait)
                    continue
                when = f" (it asks to wait {int(wait)} s)" if wait is not None else ""
                raise AddError(
                    f"{what} is rate-limiting requests: HTTP {status}{when}",
                    "wait a minute and run the same command again; answers already fetched are cached",
                )
            raise AddError(
                f"{what} answered HTTP {status} for {url}",
                f"try again later; if it persists, check the setting endpoints.{setting} in pyproject.toml",
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str, host: str, what: str, setting: str) -> tuple[int, dict[str, str], bytes]:
        started = time.monotonic()
        try:
            with self.session.get(
                url,
                stream=True,
                allow_redirects=True,
                timeout=(self.connect_timeout, self.read_timeout),
                headers={
                    "User-Agent": f"rsitr-list/{__version__}",
                    "Accept": "application/json, application/atom+xml;q=0.9, */*;q=0.1",
                },
            ) as r:
                chunks, size = [], 0
                if r.status_code == 200:
                    for chunk in r.iter_content(65536):
                        size += len(chunk)
                        if size > MAX_BYTES:
                            raise AddError(
                                f"{what} sent more than {MAX_BYTES // 1_000_000} MB for one record",
                                f"check the setting endpoints.{setting} in pyproject.toml",
                            )
                        if time.monotonic() - started > self.deadline:
                            raise requests.Timeout("deadline")
                        chunks.append(chunk)
                return r.status_code, dict(r.headers), b"".join(chunks)
        except requests.Timeout:
            raise AddError(f"{what} did not answer in time ({host})", "try again later; nothing was written") from None
        except requests.exceptions.InvalidURL:
            raise AddError(f"'{url}' is not a valid address", f"check endpoints.{setting} in pyproject.toml") from None
        except requests.ConnectionError as e:
            if _is_dns_failure(e):
                raise AddError(
                    f"cannot resolve {host}: no network, or a wrong address",
                    f"check your connection, or the setting endpoints.{setting} in pyproject.toml",
                ) from None
            raise AddError(
                f"cannot connect to {what} ({host})",
                f"check your connection, or the setting endpoints.{setting} in pyproject.toml",
            ) from None
        except requests.RequestException as e:
            raise AddError(f"the request to {what} failed: {type(e).__name__}", "try again later") from None

    def _cache_file(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / "add" / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".json")

    def _read_cache(self, url: str) -> bytes | None:
        path = self._cache_file(url)
        try:
            doc = json.loads(path.read_text(encoding="utf-8")) if path else None
        except (OSError, ValueError):
            return None
        if not isinstance(doc, dict) or doc.get("version") != CACHE_VERSION or doc.get("url") != url:
            return None
        body = doc.get("body")
        return body.encode("utf-8") if isinstance(body, str) else None

    def _write_cache(self, url: str, body: bytes) -> None:
        path = self._cache_file(url)
        if path is None:
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return  # the parser reports it; a broken answer is not worth keeping
        try:
            replace_file(path, json.dumps({"version": CACHE_VERSION, "url": url, "body": text}).encode("utf-8"))
        except OSError:
            pass  # a read-only checkout still works, just without the cache


def _is_dns_failure(exc: BaseException) -> bool:
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, socket.gaierror) or "NameResolutionError" in type(e).__name__:
            return True
        stack += [e.__cause__, e.__context__, *(a for a in e.args if isinstance(a, BaseException))]
        reason = getattr(e, "reason", None)
        if isinstance(reason, BaseException):
            stack.append(reason)
    return False
