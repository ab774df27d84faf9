"""Every result row resolved against the catalog: the typed rows all outputs show.

An Entry carries what a reader needs (names, venue, links, numbers with the source's
decimals, provenance), so the README, the site and the exports never look anything up.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..catalog import Catalog
from ..core.views import primary_url
from ..models.result import RECALLS, Result, ResultTable


@dataclass(frozen=True)
class Source:
    """Where a result was read: the data file and the published table."""

    file: str
    label: str  # e.g. "PIR (ACM MM 2023), Table 1"
    paper_id: str | None
    table: str
    repo: str | None  # None for a web page read directly
    commit: str | None
    path: str | None
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
    setting_basis: str | None  # the source's words the setting rests on
    pretraining: tuple[str, ...]
    split: str | None
    image_backbone: str | None
    text_backbone: str | None
    partial: bool  # the source prints only an mR: no recalls, never ranked
    i2t_r1: float | None
    i2t_r5: float | None
    i2t_r10: float | None
    t2i_r1: float | None
    t2i_r5: float | None
    t2i_r10: float | None
    mR: float  # printed mR, or the computed one (rounded to the source's decimals)
    mr_printed: float | None
    mr_computed: bool
    mr_mismatch: bool
    mr_misprint: bool  # the mismatch is a known misprint of the source, acknowledged in the data
    mean_of_six: float | None
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
    def recalls(self) -> tuple[float | None, ...]:
        return tuple(getattr(self, k) for k in RECALLS)

    @property
    def r1_sum(self) -> float:
        """The tie-break after mR; only complete rows are ranked, so both R@1 are there."""
        return (self.i2t_r1 or 0.0) + (self.t2i_r1 or 0.0)

    def fmt(self, value: float | None) -> str:
        """A number with the source's decimals, so 40.4 from a two-decimal table reads 40.40."""
        return format_number(value, self.decimals)


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
        label = f"{origin.repo or urlsplit(origin.url).hostname}, {origin.table}"
    return Source(
        file=table.source.as_posix() if table.source else "",
        label=label,
        paper_id=origin.paper,
        table=origin.table,
        repo=origin.repo,
        commit=origin.commit,
        path=origin.path,
        url=origin.url,
    )


def _entry(catalog: Catalog, row: Result, source: Source) -> Entry:
    paper = catalog.papers_by_id.get(row.paper) if row.paper else None
    venue = catalog.venue_of(paper) if paper else None
    proto = row.effective_protocol()
    decimals = row.table.decimals
    mean = row.mean_of_six()
    if row.mR is not None:
        mr, computed = row.mR, False
    else:  # a complete row whose source prints no mR (a partial row always has one)
        assert mean is not None
        mr, computed = round(mean, decimals if decimals is not None else 2), True
    stem = source.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return Entry(
        id=f"{stem}:{row.index}",
        dataset=row.dataset,
        method=row.method,
        variant=row.variant,
        label=row.label,
        paper_id=row.paper,
        paper_title=paper.title if paper else None,
        paper_url=primary_url(paper) if paper else None,
        code_url=paper.links.code if paper else None,
        venue_short=(venue.short if venue else paper.venue) if paper else None,
        year=paper.year if paper else None,
        kind=row.kind,
        baseline=row.baseline,
        setting=proto.setting,
        setting_basis=proto.setting_basis,
        pretraining=tuple(proto.pretraining),
        partial=row.partial,
        split=proto.split,
        image_backbone=proto.image_backbone,
        text_backbone=proto.text_backbone,
        **{k: getattr(row, k) for k in RECALLS},
        mR=mr,
        mr_printed=row.mR,
        mr_computed=computed,
        mr_mismatch=row.mr_mismatch(),
        mr_misprint=row.mr_misprint,
        mean_of_six=mean,
        rsum=row.rsum,
        std=tuple((k, v) for k, v in row.std.model_dump().items() if v is not None) if row.std else (),
        decimals=decimals,
        note=row.note,
        source=source,
        row_index=row.index,
    )


def entries(catalog: Catalog) -> list[Entry]:
    """Every result, resolved, in file order then row order."""
    sources: dict[int, Source] = {}
    out = []
    for row in catalog.results:
        table = row.table
        if id(table) not in sources:
            sources[id(table)] = _source(catalog, table)
        out.append(_entry(catalog, row, sources[id(table)]))
    return sorted(out, key=lambda e: (e.source.file, e.row_index))
