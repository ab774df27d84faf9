"""What each generated page shows, computed once per build from the catalog.

A page's context is plain data for its template; the anchors and table of
contents a page offers are computed here too, so the template only lays out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..catalog import Catalog
from ..models import Dataset, Paper
from ..render import views
from ..render.views import Link, PaperView
from . import boards as boards_mod
from .bibtex import bibtex

NEWEST = 8  # additions shown on the home page
BEST_PER_DATASET = 5  # results shown in a dataset's section
# Matching papers the Methods page shows at once ("Show more" adds as many): keeps a
# filter change under 100 ms in the browser even for 10,000 papers (benchmarks/site_speed.py).
PAGE_SIZE = 100


@dataclass(frozen=True)
class TocEntry:
    id: str
    title: str


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

    @property
    def paper(self) -> Paper:
        return self.view.paper

    @property
    def dataset_ids(self) -> str:
        return " ".join(d for d, _ in self.datasets)


@dataclass(frozen=True)
class Origin:
    """A dataset's introducing paper: a record on the Methods page, or a citation."""

    label: str
    paper_id: str | None = None
    links: tuple[Link, ...] = ()
    authors: tuple[str, ...] = ()
    venue: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class DatasetEntry:
    dataset: Dataset
    origin: Origin | None
    evaluated_by: int
    best: tuple  # leaderboard rows: the head of the dataset's main board


@dataclass
class SiteData:
    """Every page's context, built once; templates read from here."""

    catalog: Catalog
    sections: dict[str, object] = field(default_factory=dict)  # the list's sections by id, for intros
    counts: dict[str, int] = field(default_factory=dict)
    newest: list[Addition] = field(default_factory=list)
    datasets: list[DatasetEntry] = field(default_factory=list)
    categories: list[tuple[object, list[PaperEntry]]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    venues: list[tuple[str, str]] = field(default_factory=list)
    dataset_options: list[tuple[str, str]] = field(default_factory=list)
    boards: list[boards_mod.Board] = field(default_factory=list)
    page_size: int = PAGE_SIZE


def _origin(catalog: Catalog, d: Dataset) -> Origin | None:
    if d.introduced_by and d.introduced_by in catalog.papers_by_id:
        p = catalog.papers_by_id[d.introduced_by]
        v = views.paper_view(catalog, p)
        return Origin(label=p.title, paper_id=p.id, authors=tuple(p.authors or ()), venue=v.venue_short, year=p.year)
    if d.citation:
        c = d.citation
        links = []
        if c.doi:
            links.append(Link("DOI", views.DOI_BASE + c.doi))
        if c.arxiv:
            links.append(Link("arXiv", views.ARXIV_ABS + c.arxiv))
        if c.url:
            links.append(Link("paper", c.url))
        return Origin(label=c.title, links=tuple(links), authors=tuple(c.authors), venue=c.venue, year=c.year)
    return None


def _newest(catalog: Catalog) -> list[Addition]:
    items = [Addition(p.added, "paper", p.title,
                      " ".join(str(v) for v in (views.paper_view(catalog, p).venue_short, p.year) if v is not None),
                      "methods", p.id) for p in catalog.papers]
    items += [Addition(d.added, "dataset", d.name, d.full_name or "dataset", "datasets", d.id)
              for d in catalog.datasets]
    items.sort(key=lambda a: (-a.date.toordinal(), a.label.casefold(), a.anchor))
    return items[:NEWEST]


def build(catalog: Catalog) -> SiteData:
    data = SiteData(catalog)
    data.sections = {s.id: s for s in catalog.meta.sections}
    data.boards = boards_mod.boards(catalog, best=BEST_PER_DATASET)
    by_dataset = {b.dataset_id: b for b in data.boards}
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
    for d in views.datasets_in_order(catalog):
        board = by_dataset.get(d.id)
        data.datasets.append(DatasetEntry(
            dataset=d, origin=_origin(catalog, d), evaluated_by=evaluated.get(d.id, 0),
            best=board.best if board else ()))

    groups = views.papers_by_category(catalog)
    for section in catalog.meta.categories:
        entries = [PaperEntry(v, bibtex(v.paper, catalog.venue_of(v.paper)),
                              tuple((d, names.get(d, d)) for d in v.paper.datasets))
                   for v in groups[section.category]]
        data.categories.append((section, entries))
    data.years = sorted({p.year for p in catalog.papers if p.year is not None})
    used_venues = {p.venue for p in catalog.papers if p.venue is not None}
    data.venues = sorted(((v, catalog.venues[v].short if v in catalog.venues else v) for v in used_venues),
                         key=lambda item: (item[1].casefold(), item[0]))
    used_datasets = {d for p in catalog.papers for d in p.datasets}
    data.dataset_options = sorted(((d, names.get(d, d)) for d in used_datasets),
                                  key=lambda item: (item[1].casefold(), item[0]))
    return data


def toc(data: SiteData, page: str) -> list[TocEntry] | None:
    """The table of contents of a generated page (None: keep the Markdown one)."""
    if page == "datasets":
        return [TocEntry("comparison", "Comparison")] + [TocEntry(e.dataset.id, e.dataset.name)
                                                         for e in data.datasets]
    if page == "methods":
        return [TocEntry(section.category.value, section.title) for section, _ in data.categories]
    if page == "benchmarks":
        return [TocEntry(b.dataset_id, b.dataset_name) for b in data.boards]
    return None
