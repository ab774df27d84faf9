"""What a check can conclude about one link, and the details that go with it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    OK = "ok"
    REDIRECTED = "redirected"  # works, but through a permanent redirect: update the record
    BROKEN = "broken"  # 404, 410, DNS failure, refused, TLS error, redirect loop ...
    BLOCKED = "blocked"  # 401, 403, persistent 429, bot or challenge page: unknown, not broken
    TIMEOUT = "timeout"
    MISSING_FRAGMENT = "missing-fragment"
    SKIPPED = "skipped"  # excluded, recorded as dead, or not reached before the deadline


class Via(StrEnum):
    """What decided a verdict; shown in the JSON report."""

    HTTP = "http"
    DOI_API = "doi-api"
    ARXIV_API = "arxiv-api"
    GITHUB_API = "github-api"
    OFFLINE = "offline"  # README and site links, checked on disk
    CONFIG = "config"  # excluded, or recorded as dead in the data


# The order of report sections and summary rows.
ORDER = [
    Verdict.BROKEN,
    Verdict.MISSING_FRAGMENT,
    Verdict.TIMEOUT,
    Verdict.BLOCKED,
    Verdict.REDIRECTED,
    Verdict.OK,
    Verdict.SKIPPED,
]


@dataclass(frozen=True)
class Outcome:
    """The result of checking one thing (a URL, a DOI, an arXiv id, a repository)."""

    verdict: Verdict
    message: str = ""
    status: int | None = None
    final_url: str | None = None
    suggestion: str | None = None  # the address to write in the record instead
    archived: bool = False  # a GitHub repository marked read-only by its owner
    via: Via = Via.HTTP
    cacheable: bool = True  # False for outcomes about this run (deadline), not the link

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict.value,
            "message": self.message,
            "status": self.status,
            "final_url": self.final_url,
            "suggestion": self.suggestion,
            "archived": self.archived,
            "via": self.via.value,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outcome:
        return cls(
            verdict=Verdict(data["verdict"]),
            message=data.get("message", ""),
            status=data.get("status"),
            final_url=data.get("final_url"),
            suggestion=data.get("suggestion"),
            archived=bool(data.get("archived")),
            via=Via(data.get("via", "http")),
        )


# What the deadline leaves unchecked: about this run, not the link, so never cached.
DEADLINE_SKIP = Outcome(Verdict.SKIPPED, "not checked: the run's deadline was reached", cacheable=False)
