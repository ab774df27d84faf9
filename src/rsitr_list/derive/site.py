"""The website's view of the leaderboards, built from the main boards (never re-ranked).

A site board holds every result on a dataset, as the "all results" view shows them,
and marks each row with its place on the dataset's main board: the rank the README
shows, or why the row is not ranked (a re-run, a baseline, an mR-only partial row, or
a number for a method whose board row is another one). The default view is the
ranked rows alone, so the site and the README show the same ranks and ties.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..core.labels import setting_key
from .boards import FullBoard, Leaderboard, order_key
from .entries import Entry

# Why a row is not on the main board, in words a reader sees beside it.
OFF_BOARD = {
    "partial": "only an mR is printed, so the row is never ranked with complete results",
    "baseline": "a comparison baseline or ablation the source's authors built",
    "rerun": "a re-run: the source's authors ran someone else's method, comparable only within that table",
    "other": "another number for this method and variant stands on the leaderboard",
}


def row_anchor(e: Entry) -> str:
    """A stable page anchor for a result row: its file stem and row index."""
    return "result-" + re.sub(r"[^a-z0-9-]+", "-", e.id.lower()).strip("-")


def method_id(e: Entry) -> str:
    """The id a comparison names a method by: its paper, or a slug of its name."""
    if e.paper_id:
        return e.paper_id
    return "m-" + (re.sub(r"[^a-z0-9]+", "-", e.method.casefold()).strip("-") or "method")


@dataclass(frozen=True)
class SiteRow:
    entry: Entry
    rank: int | None  # rank on the dataset's main board, as the README shows it; None off the board
    conflicting: bool  # another own or quoted number for the same method and variant differs
    setting: str  # a SETTINGS key ("unstated" where the row records none)
    off_board: str | None  # an OFF_BOARD key when rank is None
    anchor: str
    method_id: str

    @property
    def partial(self) -> bool:
        return self.entry.partial


@dataclass(frozen=True)
class DatasetRows:
    """Rows of one dataset, the ranked ones (those on the main board) among them."""

    dataset_id: str
    dataset_name: str
    rows: tuple[SiteRow, ...]

    @property
    def ranked(self) -> tuple[SiteRow, ...]:
        """The rows on the main board, in the order of ``rows``."""
        return tuple(r for r in self.rows if r.rank is not None)


@dataclass(frozen=True)
class SiteBoard(DatasetRows):
    """A dataset's full board. ``rows`` holds every result: complete rows best mR first
    (the boards' order, so ``ranked`` is the main board a default view shows), then partial rows."""

    @property
    def best_per_setting(self) -> tuple[SiteRow, ...]:
        """The best-ranked row of each setting, best first."""
        best: dict[str, SiteRow] = {}
        for r in self.ranked:
            best.setdefault(r.setting, r)
        return tuple(best.values())

    @property
    def trend(self) -> tuple[Entry, ...]:
        """What the chart draws: the main board's rows, so it shows the README's picks."""
        return tuple(r.entry for r in self.ranked)


def _off_board(e: Entry) -> str:
    if e.partial:
        return "partial"
    if e.baseline:
        return "baseline"
    if e.kind == "rerun":
        return "rerun"
    return "other"


def _partial_order(e: Entry) -> tuple:
    return (-e.mR, e.method.casefold(), (e.variant or "").casefold(), e.source.file, e.row_index)


def site_boards(full: Iterable[FullBoard], main: Iterable[Leaderboard], entries: Iterable[Entry]) -> list[SiteBoard]:
    """One site board per dataset of ``full`` (in its order), ranks taken from ``main``."""
    on_board = {r.entry.id: r for b in main for r in b.rows}
    by_dataset: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_dataset[e.dataset].append(e)
    out = []
    for board in full:
        items = by_dataset.get(board.dataset_id, [])
        complete = sorted((e for e in items if not e.partial), key=order_key)
        partial = sorted((e for e in items if e.partial), key=_partial_order)
        rows = []
        for e in [*complete, *partial]:
            row = on_board.get(e.id)
            rows.append(
                SiteRow(
                    entry=e,
                    rank=row.rank if row else None,
                    conflicting=row.conflicting if row else False,
                    setting=setting_key(e.setting),
                    off_board=None if row else _off_board(e),
                    anchor=row_anchor(e),
                    method_id=method_id(e),
                )
            )
        out.append(SiteBoard(board.dataset_id, board.dataset_name, tuple(rows)))
    return out


@dataclass(frozen=True)
class MethodOption:
    """A method a reader can pick for a comparison."""

    id: str
    label: str


def method_options(boards: Iterable[SiteBoard]) -> list[MethodOption]:
    """Every method with a ranked row on some board, by name."""
    seen: dict[str, MethodOption] = {}
    for b in boards:
        for r in b.ranked:
            e = r.entry
            if r.method_id not in seen:
                where = f" ({e.venue_short} {e.year})" if e.venue_short and e.year else ""
                seen[r.method_id] = MethodOption(r.method_id, e.method + where)
    return sorted(seen.values(), key=lambda o: (o.label.casefold(), o.id))


@dataclass(frozen=True)
class PaperResults(DatasetRows):
    """One paper's results on one dataset: its board rows first, then the others."""

    @property
    def others(self) -> tuple[SiteRow, ...]:
        return tuple(r for r in self.rows if r.rank is None)


def results_by_paper(boards: Iterable[SiteBoard]) -> dict[str, list[PaperResults]]:
    """For each paper, its method's results per dataset, in board order."""
    out: dict[str, list[PaperResults]] = defaultdict(list)
    for b in boards:
        rows: dict[str, list[SiteRow]] = defaultdict(list)
        for r in b.rows:
            if r.entry.paper_id:
                rows[r.entry.paper_id].append(r)
        for paper, items in rows.items():
            items.sort(key=lambda r: r.rank is None)  # stable: board rows first, each group in board order
            out[paper].append(PaperResults(b.dataset_id, b.dataset_name, tuple(items)))
    return dict(out)
