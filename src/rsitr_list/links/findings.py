"""What a run found: each link as written with its outcome, and the run's figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from .targets import Target
from .verdicts import Outcome, Verdict


@dataclass(frozen=True)
class Item:
    """A link as written, with what was found about it."""

    target: Target
    outcome: Outcome
    check_key: str = ""
    failures: int = 0
    first_failure: str | None = None
    from_cache: bool = False
    dead: bool = False

    def sort_key(self) -> tuple[str, int, str, str]:
        first = min((s.sort_key() for s in self.target.sources), default=("", 0, ""))
        return (*first, self.target.key)


@dataclass(frozen=True)
class LinkReport:
    items: list[Item]
    started_at: float
    elapsed: float = 0.0
    checks: int = 0
    from_cache: int = 0
    requests: int = 0
    bytes_read: int = 0
    hosts: dict[str, dict[str, int]] = field(default_factory=dict)  # requests, max_in_flight
    warnings: list[str] = field(default_factory=list)
    dead_after_runs: int = 2
    fail_on: frozenset[Verdict] = frozenset()

    @property
    def dead(self) -> list[Item]:
        return [i for i in self.items if i.dead]

    def count(self, verdict: Verdict) -> int:
        return sum(1 for i in self.items if i.outcome.verdict is verdict)
