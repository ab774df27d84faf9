"""GitHub repositories, verified through the REST API when a token is set.

The API tells what a page cannot: that a repository was renamed (the reply names the
new owner/name) or archived. When the token is refused or the hourly quota runs out
beyond what the run can wait for, the remaining repositories are checked as plain pages.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from ..net.fetch import Fetcher, Reply, api_get, api_trouble
from ..verdicts import Outcome, Verdict, Via


class GitHubClient:
    def __init__(
        self,
        api: str,
        fetcher: Fetcher,
        token: str,
        fallback: Callable[[str], Outcome],
        wall_clock: Callable[[], float] = time.time,
    ):
        """`api`: the REST API's base, [tool.rsitr-list.endpoints] github_api."""
        self.api = api.rstrip("/")
        self.fetcher = fetcher
        self.token = token
        self.fallback = fallback
        self.wall_clock = wall_clock
        self._lock = threading.Lock()
        self.disabled_reason: str | None = None

    def _disable(self, reason: str) -> None:
        with self._lock:
            self.disabled_reason = self.disabled_reason or reason

    def check(self, repo: str, url: str) -> Outcome:
        for _ in range(2):  # a second try only after waiting for the quota to reset
            if self.disabled_reason:
                return self.fallback(url)
            reply = api_get(
                self.fetcher,
                f"{self.api}/repos/{repo}",
                {
                    "Authorization": f"Bearer {self.token}",
                    "Accept": "application/vnd.github+json",
                    "X-GitHub-Api-Version": "2022-11-28",
                },
                max_bytes=1024 * 1024,
            )
            if isinstance(reply, Outcome):
                return Outcome(
                    reply.verdict, reply.message, reply.status, via=Via.GITHUB_API, cacheable=reply.cacheable
                )
            if reply.status in (403, 429) and reply.headers.get("x-ratelimit-remaining") == "0":
                if not self._wait_for_reset(reply):
                    self._disable("GitHub API quota exhausted")
                continue
            if reply.status == 401:
                self._disable("GitHub API refused the token (401)")
                continue
            return self._judge(repo, url, reply)
        return self.fallback(url)

    def _wait_for_reset(self, reply: Reply) -> bool:
        reset = reply.headers.get("x-ratelimit-reset", "")
        wait = float(reset) - self.wall_clock() if reset.isdigit() else float("inf")
        if wait > self.fetcher.cfg.max_retry_after or wait > self.fetcher.limiter.deadline.remaining():
            return False
        self.fetcher.limiter.pause(urlsplit(self.api).hostname or "", max(0.0, wait))
        return True

    def _judge(self, repo: str, url: str, reply: Reply) -> Outcome:
        if reply.status in (404, 410):
            return Outcome(
                Verdict.BROKEN, f"GitHub has no repository {repo} (or it is private)", reply.status, via=Via.GITHUB_API
            )
        if reply.status == 451:
            return Outcome(
                Verdict.BROKEN, f"repository {repo} is disabled (HTTP 451)", reply.status, via=Via.GITHUB_API
            )
        if reply.status != 200:
            trouble = api_trouble(reply, "GitHub API")
            return Outcome(trouble.verdict, trouble.message, trouble.status, via=Via.GITHUB_API)
        try:
            data = json.loads(reply.body.decode("utf-8"))
            full_name = str(data["full_name"])
        except (UnicodeDecodeError, ValueError, KeyError, TypeError):
            return Outcome(
                Verdict.BLOCKED, "could not verify: unexpected GitHub API reply", reply.status, via=Via.GITHUB_API
            )
        archived = bool(data.get("archived"))
        note = "; archived (read-only) repository" if archived else ""
        page = str(data.get("html_url") or f"https://github.com/{full_name}")
        if full_name.lower() != repo.lower():
            return Outcome(
                Verdict.REDIRECTED,
                f"repository moved to {full_name}{note}",
                reply.status,
                final_url=page,
                suggestion=page,
                archived=archived,
                via=Via.GITHUB_API,
            )
        return Outcome(
            Verdict.OK, "repository exists" + note, reply.status, final_url=page, archived=archived, via=Via.GITHUB_API
        )
