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
from dataclasses import dataclass
from typing import Iterable

from .catalog import Catalog
from .models.result import RECALLS, Result, ResultTable
from .render.views import paper_links

TOP = 10
MAIN_KINDS = ("own", "quoted")


@dataclass(frozen=True)
class Source:
    """Where a result was read: the data file and the published table."""

    file: str
    label: str  # e.g. "PIR (ACM MM 2023), Table 1"
    paper_id: str | None
    table: str
    repo: str
    commit: str
    path: str
    url: str


@dataclass(frozen=True)
class Entry:
    """One result row with everything a reader needs, resolved against the catalog."""

    id: str  # "<file stem>:<row index>", stable while the file is not reordered
    dataset: str
    method: str
    variant: str | None
    label: str
    paper_id: str | None
    paper_title: str | None
    paper_url: str | None
    code_url: str | None
    venue_short: str | None
    year: int | None
    kind: str
    baseline: bool
    setting: str | None
    pretraining: tuple[str, ...]
    split: str | None
    image_backbone: str | None
    text_backbone: str | None
    i2t_r1: float
    i2t_r5: float
    i2t_r10: float
    t2i_r1: float
    t2i_r5: float
    t2i_r10: float
    mR: float  # printed mR, or the computed one (rounded to the source's decimals)
    mr_printed: float | None
    mr_computed: bool
    mr_mismatch: bool
    mean_of_six: float
    rsum: float | None
    std: tuple[tuple[str, float], ...]  # (field, value) pairs, in field order
    decimals: int | None
    note: str | None
    source: Source
    row_index: int

    @property
    def name(self) -> str:
        return f"{self.method} {self.variant}" if self.variant else self.method

    @property
    def recalls(self) -> tuple[float, ...]:
        return tuple(getattr(self, k) for k in RECALLS)

    @property
    def extra_pretraining(self) -> bool:
        """Pre-trained on image-text data (general or remote-sensing) before training on the benchmark."""
        return self.setting in ("general-vlp", "rs-vlp")

    @property
    def zero_shot(self) -> bool:
        return self.setting == "zero-shot"

    def fmt(self, value: float | None) -> str:
        """A number with the source's decimals, so 40.4 from a two-decimal table reads 40.40."""
        return format_number(value, self.decimals)


@dataclass(frozen=True)
class Row:
    rank: int
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


def format_number(value: float | None, decimals: int | None) -> str:
    if value is None:
        return ""
    if decimals is None:
        return repr(value)
    return f"{value:.{decimals}f}"


def _source(catalog: Catalog, table: ResultTable) -> Source:
    origin = table.origin
    paper = catalog.papers_by_id.get(origin.paper) if origin.paper else None
    if paper is not None:
        venue = catalog.venue_of(paper)
        when = " ".join(str(v) for v in (venue.short if venue else paper.venue, paper.year) if v is not None)
        label = f"{paper.method or paper.title}{f' ({when})' if when else ''}, {origin.table}"
    else:
        label = f"{origin.repo}, {origin.table}"
    return Source(
        file=table.source.as_posix() if table.source else "", label=label, paper_id=origin.paper,
        table=origin.table, repo=origin.repo, commit=origin.commit, path=origin.path, url=origin.url,
    )


def _entry(catalog: Catalog, row: Result, source: Source) -> Entry:
    paper = catalog.papers_by_id.get(row.paper) if row.paper else None
    venue = catalog.venue_of(paper) if paper else None
    links = paper_links(paper) if paper else ()
    proto = row.effective_protocol()
    decimals = row.table.decimals
    mean = row.mean_of_six()
    computed = row.mR is None
    mr = round(mean, decimals if decimals is not None else 2) if computed else row.mR
    stem = source.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return Entry(
        id=f"{stem}:{row.index}", dataset=row.dataset, method=row.method, variant=row.variant, label=row.label,
        paper_id=row.paper, paper_title=paper.title if paper else None,
        paper_url=next((link.url for link in links if link.label in ("paper", "DOI", "arXiv")), None),
        code_url=paper.links.code if paper else None,
        venue_short=(venue.short if venue else paper.venue) if paper else None,
        year=paper.year if paper else None,
        kind=row.kind, baseline=row.baseline, setting=proto.setting, pretraining=tuple(proto.pretraining),
        split=proto.split, image_backbone=proto.image_backbone, text_backbone=proto.text_backbone,
        **{k: getattr(row, k) for k in RECALLS},
        mR=mr, mr_printed=row.mR, mr_computed=computed, mr_mismatch=row.mr_mismatch(), mean_of_six=mean,
        rsum=row.rsum,
        std=tuple((k, v) for k, v in row.std.model_dump().items() if v is not None) if row.std else (),
        decimals=decimals, note=row.note, source=source, row_index=row.index,
    )


def entries(catalog: Catalog) -> list[Entry]:
    """Every result, resolved, in file order then row order."""
    sources: dict[int, Source] = {}
    out = []
    for row in catalog.results:
        if row.partial:
            continue  # mR-only rows are never ranked; how the boards show them is still to be built
        table = row.table
        if id(table) not in sources:
            sources[id(table)] = _source(catalog, table)
        out.append(_entry(catalog, row, sources[id(table)]))
    return sorted(out, key=lambda e: (e.source.file, e.row_index))


def order_key(e: Entry) -> tuple:
    """Highest mR first; ties by the R@1 sum, then name, then source file and row."""
    return (-e.mR, -(e.i2t_r1 + e.t2i_r1), e.method.casefold(), (e.variant or "").casefold(),
            e.source.file, e.row_index)


def _preference(e: Entry) -> tuple:
    """Which of several rows stands for one method and variant: own before quoted, then the order above."""
    return (e.kind != "own", *order_key(e))


def method_key(e: Entry) -> tuple[str, str]:
    return (e.paper_id or e.method.casefold(), (e.variant or "").casefold())


def ranked(items: Iterable[Entry], conflicting: Iterable[str] = ()) -> list[Row]:
    """Rows in order, with competition ranks: equal mR, equal rank (1, 2, 2, 4)."""
    conflicts = set(conflicting)
    rows: list[Row] = []
    for i, e in enumerate(sorted(items, key=order_key)):
        rank = rows[-1].rank if rows and rows[-1].entry.mR == e.mR else i + 1
        rows.append(Row(rank, e, e.id in conflicts))
    return rows


def cut(rows: list[Row], top: int) -> list[Row]:
    """The first ``top`` ranks, keeping every row tied on the last rank shown."""
    if len(rows) <= top:
        return rows
    last = rows[top - 1].rank
    return [r for r in rows if r.rank <= last]


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


def leaderboards(catalog: Catalog, top: int = TOP, all_entries: list[Entry] | None = None) -> list[Leaderboard]:
    """One main board per dataset with results: best own or quoted number per method and variant."""
    all_entries = entries(catalog) if all_entries is None else all_entries
    boards = []
    for dataset in dataset_order(catalog, (e.dataset for e in all_entries)):
        candidates = [e for e in all_entries
                      if e.dataset == dataset and e.kind in MAIN_KINDS and not e.baseline]
        chosen, conflicting = best_per_method(candidates)
        rows = ranked(chosen, conflicting)
        boards.append(Leaderboard(dataset, _dataset_name(catalog, dataset), "main", tuple(cut(rows, top)),
                                  len(chosen)))
    return boards


def rerun_boards(catalog: Catalog, all_entries: list[Entry] | None = None) -> list[Leaderboard]:
    """For each source table with re-runs, per dataset: its re-runs beside the authors' own rows.

    Re-run numbers are comparable only with the rows of the same table (same
    protocol), so each view keeps one table's rows together, in full.
    """
    all_entries = entries(catalog) if all_entries is None else all_entries
    by_file: dict[str, list[Entry]] = defaultdict(list)
    for e in all_entries:
        by_file[e.source.file].append(e)
    boards = []
    for file in sorted(by_file):
        rows = by_file[file]
        if not any(e.kind == "rerun" for e in rows):
            continue
        shown = [e for e in rows if e.kind == "rerun" or (e.kind == "own" and not e.baseline)]
        for dataset in dataset_order(catalog, (e.dataset for e in shown)):
            items = [e for e in shown if e.dataset == dataset]
            boards.append(Leaderboard(dataset, _dataset_name(catalog, dataset), "rerun", tuple(ranked(items)),
                                      len(items), source=rows[0].source))
    return boards
