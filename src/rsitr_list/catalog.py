"""The validated list: every record, typed, in a stable order."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from .models import BenchmarkRegistry, Dataset, ListMeta, Paper, Venue


@dataclass
class Catalog:
    meta: ListMeta | None = None
    venues: dict[str, Venue] = field(default_factory=dict)
    benchmarks: BenchmarkRegistry | None = None
    papers: list[Paper] = field(default_factory=list)
    datasets: list[Dataset] = field(default_factory=list)
    results: list[Any] = field(default_factory=list)
    # Records that exist but failed to load or validate, so are not above: ids by record
    # kind ("paper", "dataset" ...), and single files ("venues" ...) by kind. Their own
    # error is reported already; a reference to one of them is not reported again.
    failed_ids: dict[str, set[str]] = field(default_factory=dict)
    failed_files: set[str] = field(default_factory=set)
    # The raw documents (load.RawFile) of records that failed their field checks: the
    # reference and duplicate rules still look at them, so one run reports everything.
    failed_records: list[Any] = field(default_factory=list)
    # Data files changed against the git base (see git_changes.py), asked only when two
    # records clash, to report the clash at the file that brings it; None when unknown.
    changed_paths: Callable[[], AbstractSet[str] | None] | None = field(default=None, repr=False)

    def failed(self, kind: str, record_id: str) -> bool:
        """True when a record of this kind and id exists but failed its own checks."""
        return record_id in self.failed_ids.get(kind, ())

    def __post_init__(self) -> None:
        self._papers_by_id: dict[str, Paper] | None = None
        self._datasets_by_id: dict[str, Dataset] | None = None

    @property
    def papers_by_id(self) -> dict[str, Paper]:
        if self._papers_by_id is None:
            self._papers_by_id = {p.id: p for p in self.papers}
        return self._papers_by_id

    @property
    def datasets_by_id(self) -> dict[str, Dataset]:
        if self._datasets_by_id is None:
            self._datasets_by_id = {d.id: d for d in self.datasets}
        return self._datasets_by_id

    def venue_of(self, paper: Paper) -> Venue | None:
        return self.venues.get(paper.venue) if paper.venue is not None else None
