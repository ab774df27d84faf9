"""Leaderboards: pure functions from the Catalog to typed, ordered rows.

The README, the website and the exports all read these, so every choice about what a
reader sees (which row stands for a method, in which order, with which marks) is made
here once. The rules, as the README's benchmark intro states them:

- A main board lists one row per method and variant: the method's authors' own
  number when there is one, else the best quoted number (marked as quoted).
  Re-runs and the authors' own comparison baselines stay out of it.
- Rows are ordered by mR, highest first: the printed mR, or the mean of the six
  recalls when the source prints none (marked as computed). Ties in mR are broken by
  the sum of the two R@1 values, then by name, then by source file and row, so the
  order is total and every build gives the same one. Rows with equal mR share a rank.
- A board shows the ten best ranks; every row tied on the tenth rank is shown too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..catalog import Catalog
from .entries import Entry, Source

TOP = 10
MAIN_KINDS = ("own", "quoted")


@dataclass(frozen=True)
class Row:
    rank: int | None  # None for a partial row, which is listed but never ranked
    entry: Entry
    # Other own or quoted numbers for the same method, variant and dataset differ from this one.
    conflicting: bool = False


@dataclass(frozen=True)
class Leaderboard:
    dataset: str
    dataset_name: str
    view: str  # "main": best of own and quoted; "rerun": one source table's re-runs
    rows: tuple[Row, ...]
    candidates: int  # method-variant pairs (main) or rows (rerun) before the top-N cut
    source: Source | None = None  # the table a re-run view comes from


def order_key(e: Entry) -> tuple:
    """Highest mR first; ties by the R@1 sum, then name, then source file and row."""
    return (-e.mR, -e.r1_sum, e.method.casefold(), (e.variant or "").casefold(), e.source.file, e.row_index)


def _preference(e: Entry) -> tuple:
    """Which of several rows stands for one method and variant: own before quoted, then the order above."""
    return (e.kind != "own", *order_key(e))


def method_key(e: Entry) -> tuple[str, str]:
    return (e.paper_id or e.method.casefold(), (e.variant or "").casefold())


def ranked(items: Iterable[Entry], conflicting: Iterable[str] = ()) -> list[Row]:
    """Rows in order, with competition ranks: equal mR, equal rank (1, 2, 2, 4).

    Only complete rows are ranked: a partial row (mR only) cannot be compared on the
    same terms, so it never takes or shifts a rank.
    """
    conflicts = set(conflicting)
    rows: list[Row] = []
    rank = 0
    for i, e in enumerate(sorted((e for e in items if not e.partial), key=order_key)):
        if not rows or rows[-1].entry.mR != e.mR:
            rank = i + 1
        rows.append(Row(rank, e, e.id in conflicts))
    return rows


def cut(rows: list[Row], top: int) -> list[Row]:
    """The first ``top`` ranks, keeping every row tied on the last rank shown (ranked rows only)."""
    if len(rows) <= top:
        return rows
    last = rows[top - 1].rank
    return [r for r in rows if r.rank is not None and last is not None and r.rank <= last]


def best_per_method(candidates: Iterable[Entry]) -> tuple[list[Entry], set[str]]:
    """One entry per method and variant, and the ids of those whose alternatives disagree."""
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for e in candidates:
        groups[method_key(e)].append(e)
    chosen, conflicting = [], set()
    for group in groups.values():
        best = min(group, key=_preference)
        chosen.append(best)
        if any(other.recalls != best.recalls or other.mR != best.mR for other in group):
            conflicting.add(best.id)
    return chosen, conflicting


def dataset_order(catalog: Catalog, present: Iterable[str]) -> list[str]:
    """Benchmarks in data/benchmarks.yaml order, then any other dataset with results, by id."""
    order = [b.dataset for b in catalog.benchmarks.benchmarks] if catalog.benchmarks else []
    present = set(present)
    return [d for d in order if d in present] + sorted(present - set(order))


def _dataset_name(catalog: Catalog, dataset: str) -> str:
    ds = catalog.datasets_by_id.get(dataset)
    return ds.name if ds else dataset


def main_boards(catalog: Catalog, all_entries: list[Entry]) -> list[Leaderboard]:
    """One main board per dataset with results, every rank: best own or quoted number per method and variant.

    Outputs cut these to the length they show (`cut`), so ranks are computed once.
    """
    boards = []
    for dataset in dataset_order(catalog, (e.dataset for e in all_entries)):
        candidates = [
            e for e in all_entries if e.dataset == dataset and e.kind in MAIN_KINDS and not e.baseline and not e.partial
        ]
        chosen, conflicting = best_per_method(candidates)
        rows = ranked(chosen, conflicting)
        boards.append(Leaderboard(dataset, _dataset_name(catalog, dataset), "main", tuple(rows), len(chosen)))
    return boards


def top(board: Leaderboard, n: int) -> Leaderboard:
    """The board cut to its first ``n`` ranks (ties on the last rank kept)."""
    return Leaderboard(
        board.dataset, board.dataset_name, board.view, tuple(cut(list(board.rows), n)), board.candidates, board.source
    )


def rerun_boards(catalog: Catalog, all_entries: list[Entry]) -> list[Leaderboard]:
    """For each source table with re-runs, per dataset: its re-runs beside the authors' own rows.

    Re-run numbers are comparable only with the rows of the same table (same
    protocol), so each view keeps one table's rows together, in full.
    """
    by_file: dict[str, list[Entry]] = defaultdict(list)
    for e in all_entries:
        by_file[e.source.file].append(e)
    boards = []
    for file in sorted(by_file):
        rows = by_file[file]
        if not any(e.kind == "rerun" and not e.partial for e in rows):
            continue
        shown = [e for e in rows if (e.kind == "rerun" or (e.kind == "own" and not e.baseline)) and not e.partial]
        for dataset in dataset_order(catalog, (e.dataset for e in shown)):
            items = [e for e in shown if e.dataset == dataset]
            boards.append(
                Leaderboard(
                    dataset,
                    _dataset_name(catalog, dataset),
                    "rerun",
                    tuple(ranked(items)),
                    len(items),
                    source=rows[0].source,
                )
            )
    return boards


@dataclass(frozen=True)
class FullBoard:
    """Every result on one dataset (own, quoted and re-run, baselines included), ranked, for the site."""

    dataset_id: str
    dataset_name: str
    rows: tuple[Row, ...]  # ranked complete rows, then the partial rows without a rank
    best: tuple[Row, ...]  # the head of the dataset's main board

    @property
    def trend(self) -> tuple[Entry, ...]:
        """Results the chart draws: the main board's candidates (own or quoted, no baselines, complete)."""
        return tuple(
            r.entry for r in self.rows if r.entry.kind in MAIN_KINDS and not r.entry.baseline and not r.entry.partial
        )


def full_boards(catalog: Catalog, all_entries: list[Entry], main: list[Leaderboard], best: int) -> list[FullBoard]:
    by_dataset = {b.dataset: b for b in main}
    out = []
    for dataset in dataset_order(catalog, (e.dataset for e in all_entries)):
        on_dataset = [e for e in all_entries if e.dataset == dataset]
        partial = [
            Row(None, e)
            for e in sorted(
                (e for e in on_dataset if e.partial),
                key=lambda e: (-e.mR, e.method.casefold(), e.source.file, e.row_index),
            )
        ]
        rows = ranked(on_dataset) + partial
        head = tuple(cut(list(by_dataset[dataset].rows), best)) if dataset in by_dataset else ()
        out.append(FullBoard(dataset, _dataset_name(catalog, dataset), tuple(rows), head))
    return out
