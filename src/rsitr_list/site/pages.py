"""What each generated page shows, computed once per build from the catalog.

A page's context is plain data for its template; the anchors and table of
contents a page offers are computed here too, so the template only lays out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..catalog import Catalog
from ..core.labels import SETTINGS
from ..core.views import DatasetCells, Link, Origin, PaperView, paper_view
from ..derive import Derived
from ..derive.site import MethodOption, PaperResults, SiteBoard, SiteRow, method_options, results_by_paper, site_boards
from ..models import Dataset, Paper
from ..models.listmeta import CategorySection, Section

NEWEST = 8  # additions shown on the home page
# Matching papers the Methods page shows at once ("Show more" adds as many): keeps a
# filter change under 100 ms in the browser even for 10,000 papers (benchmarks/site_speed.py).
PAGE_SIZE = 100


@dataclass(frozen=True)
class Addition:
    date: dt.date
    kind: str  # "paper" or "dataset"
    label: str
    detail: str
    page: str  # the generated page holding it
    anchor: str


@dataclass(frozen=True)
class PaperEntry:
    view: PaperView
    bibtex: str
    datasets: tuple[tuple[str, str], ...]  # (dataset id, dataset name), in the record's order
    results: tuple[PaperResults, ...] = ()  # its method's results, per dataset in board order

    @property
    def paper(self) -> Paper:
        return self.view.paper

    @property
    def ranked(self) -> bool:
        """Whether its method has a row on some leaderboard (and so can be compared)."""
        return any(pr.ranked for pr in self.results)

    @property
    def dataset_ids(self) -> str:
        return " ".join(d for d, _ in self.datasets)


@dataclass(frozen=True)
class DatasetEntry:
    dataset: Dataset
    cells: DatasetCells
    origin: Origin | None
    evaluated_by: int
    best: tuple[SiteRow, ...]  # the best-ranked row of each setting on the dataset's main board


@dataclass
class SiteData:
    """Every page's context, built once; templates read from here."""

    catalog: Catalog
    sections: dict[str, Section] = field(default_factory=dict)  # the list's sections by id, for intros
    counts: dict[str, int] = field(default_factory=dict)
    newest: list[Addition] = field(default_factory=list)
    datasets: list[DatasetEntry] = field(default_factory=list)
    categories: list[tuple[CategorySection, list[PaperEntry]]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    venues: list[tuple[str, str]] = field(default_factory=list)
    dataset_options: list[tuple[str, str]] = field(default_factory=list)
    boards: list[SiteBoard] = field(default_factory=list)
    methods: list[MethodOption] = field(default_factory=list)  # what a comparison can pick
    settings_used: list[str] = field(default_factory=list)  # SETTINGS keys some result has, in SETTINGS order
    repository: tuple[Link, ...] = ()  # the project's repository and its pull requests, where known
    page_size: int = PAGE_SIZE


def _newest(catalog: Catalog) -> list[Addition]:
    items = [
        Addition(
            p.added,
            "paper",
            p.title,
            " ".join(str(v) for v in (paper_view(catalog, p).venue_short, p.year) if v is not None),
            "methods",
            p.id,
        )
        for p in catalog.papers
    ]
    items += [
        Addition(d.added, "dataset", d.name, d.full_name or "dataset", "datasets", d.id) for d in catalog.datasets
    ]
    items.sort(key=lambda a: (-a.date.toordinal(), a.label.casefold(), a.anchor))
    return items[:NEWEST]


def repository_links(url: str | None) -> tuple[Link, ...]:
    """Plain links to the repository and, on GitHub, its pull requests: no API call, no badge."""
    if not url:
        return ()
    url = url.rstrip("/")
    links = [Link("Source repository", url)]
    if url.lower().startswith("https://github.com/"):
        links.append(Link("Pull requests", url + "/pulls"))
    return tuple(links)


def build(derived: Derived) -> SiteData:
    catalog = derived.catalog
    data = SiteData(catalog)
    data.sections = {s.id: s for s in derived.meta.sections}
    data.boards = site_boards(derived.full, derived.main, derived.entries)
    by_dataset = {b.dataset_id: b for b in data.boards}
    data.methods = method_options(data.boards)
    used = {r.setting for b in data.boards for r in b.rows}
    data.settings_used = [s for s in SETTINGS if s in used]
    data.repository = repository_links(derived.meta.repository)
    paper_results = results_by_paper(data.boards)
    data.counts = {
        "papers": len(catalog.papers),
        "datasets": len(catalog.datasets),
        "benchmarks": sum(d.role == "benchmark" for d in catalog.datasets),
        "results": len(catalog.results),
        "with_code": sum(bool(p.links.code) for p in catalog.papers),
    }
    data.newest = _newest(catalog)

    names = {d.id: d.name for d in catalog.datasets}
    evaluated: dict[str, int] = {}
    for p in catalog.papers:
        for d in p.datasets:
            evaluated[d] = evaluated.get(d, 0) + 1
    for ds in derived.datasets:
        board = by_dataset.get(ds.id)
        data.datasets.append(
            DatasetEntry(
                dataset=ds,
                cells=derived.cells[ds.id],
                origin=derived.origins[ds.id],
                evaluated_by=evaluated.get(ds.id, 0),
                best=board.best_per_setting if board else (),
            )
        )

    groups = derived.papers
    for section in derived.meta.categories:
        entries = [
            PaperEntry(
                v,
                derived.bibtex[v.id],
                tuple((d, names.get(d, d)) for d in v.paper.datasets),
                tuple(paper_results.get(v.id, ())),
            )
            for v in groups[section.category]
        ]
        data.categories.append((section, entries))
    data.years = sorted({p.year for p in catalog.papers if p.year is not None})
    used_venues = {p.venue for p in catalog.papers if p.venue is not None}
    data.venues = sorted(
        ((v, catalog.venues[v].short if v in catalog.venues else v) for v in used_venues),
        key=lambda item: (item[1].casefold(), item[0]),
    )
    used_datasets = {d for p in catalog.papers for d in p.datasets}
    data.dataset_options = sorted(
        ((d, names.get(d, d)) for d in used_datasets), key=lambda item: (item[1].casefold(), item[0])
    )
    return data
