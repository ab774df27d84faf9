"""Results kept across runs, and each link's failure history.

One JSON file (sorted keys, so it diffs well and loads fast). A result is reused while
it is fresh: `ttl` for links that worked, the shorter `failure_ttl` for the rest, so a
re-run only checks what expired. The history counts consecutive runs on which a link
failed; a link is called dead only after `dead_after_runs` of them, so one bad night
of a flapping site does not turn CI red.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.write import replace_file
from .verdicts import Outcome, Verdict

VERSION = 1
_GOOD = frozenset({Verdict.OK, Verdict.REDIRECTED})


@dataclass
class Entry:
    outcome: Outcome
    checked_at: float  # seconds since the epoch, from the injected clock
    failures: int = 0  # consecutive runs that found the link failing
    first_failure: str | None = None  # ISO date of the first of those runs
    last_ok: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            **self.outcome.to_json(),
            "checked_at": round(self.checked_at, 3),
            "failures": self.failures,
            "first_failure": self.first_failure,
            "last_ok": self.last_ok,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        return cls(
            outcome=Outcome.from_json(data),
            checked_at=float(data["checked_at"]),
            failures=int(data.get("failures", 0)),
            first_failure=data.get("first_failure"),
            last_ok=data.get("last_ok"),
        )


def iso_date(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).date().isoformat()


class LinkCache:
    """In memory always; on disk when a path is given."""

    def __init__(self, path: Path | None, clock: Callable[[], float], fail_on: Iterable[Verdict]):
        self.path = path
        self.clock = clock
        self.fail_on = frozenset(fail_on)
        self.entries: dict[str, Entry] = {}
        self.warning: str | None = None
        self.dirty = False
        if path is not None and path.is_file():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != VERSION:
                self.warning = f"{path}: cache from another version ignored"
                return
            self.entries = {k: Entry.from_json(v) for k, v in data["entries"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            # A damaged cache costs one slower run, never a failed one.
            self.warning = f"{path}: unreadable link cache ignored ({type(e).__name__})"
            self.entries = {}

    def fresh(self, key: str, ttl: float, failure_ttl: float) -> Entry | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        life = ttl if entry.outcome.verdict in _GOOD else failure_ttl
        return entry if self.clock() - entry.checked_at < life else None

    def timed_out_last(self, key: str) -> bool:
        """Whether the link's last result was a timeout: its check is likely slow again."""
        entry = self.entries.get(key)
        return entry is not None and entry.outcome.verdict is Verdict.TIMEOUT

    def record(self, key: str, outcome: Outcome) -> Entry:
        """Store a new result and move the link's history on by one run."""
        now = self.clock()
        old = self.entries.get(key)
        failures, first, last_ok = (old.failures, old.first_failure, old.last_ok) if old else (0, None, None)
        if outcome.verdict in self.fail_on:
            failures += 1
            first = first or iso_date(now)
        elif outcome.verdict in _GOOD:
            failures, first, last_ok = 0, None, now
        # Anything else (blocked, for instance) says nothing new about the link: history unchanged.
        entry = Entry(outcome, now, failures, first, last_ok)
        if outcome.cacheable:
            self.entries[key] = entry
            self.dirty = True
        return entry

    def save(self, keep: set[str] | None = None) -> None:
        """Write atomically; with `keep`, forget links no longer in the data."""
        if self.path is None:
            return
        entries = self.entries if keep is None else {k: v for k, v in self.entries.items() if k in keep}
        if not self.dirty and len(entries) == len(self.entries) and self.path.is_file():
            return  # a run served entirely from the cache changes nothing
        payload = {"version": VERSION, "entries": {k: entries[k].to_json() for k in sorted(entries)}}
        text = json.dumps(payload, indent=0, sort_keys=True, ensure_ascii=False) + "\n"
        replace_file(self.path, text.encode("utf-8"))
