"""Derive: everything several outputs show, computed once per build from the Catalog.

The README, the site, the exports and the link checker take a ``Derived`` and never
recompute boards, ranks, marks or reader views, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..catalog import Catalog
from ..core import views
from ..core.views import DatasetCells, Origin, PaperView
from ..models import Category, Dataset, ListMeta
from . import boards as _boards
from .bibtex import bibtex_entries
from .boards import FullBoard, Leaderboard
from .entries import Entry, entries

README_TOP = 10  # ranks a README board shows
SITE_BEST = 5  # ranks the site's Datasets page shows per dataset


@dataclass(frozen=True)
class Derived:
    catalog: Catalog
    entries: list[Entry]  # every result, resolved, in file then row order
    main: list[Leaderboard]  # per dataset, every rank of the main board
    boards: list[Leaderboard]  # the main boards cut to README_TOP ranks
    reruns: list[Leaderboard]  # one source table's re-runs per dataset
    full: list[FullBoard]  # per dataset, every result ranked (the site's boards)
    papers: dict[Category, list[PaperView]]  # newest first within each category
    datasets: list[Dataset]  # benchmarks first, oldest first
    origins: dict[str, Origin | None] = field(default_factory=dict)  # dataset id → introducing paper
    bibtex: dict[str, str] = field(default_factory=dict)  # paper id → its BibTeX entry
    cells: dict[str, DatasetCells] = field(default_factory=dict)  # dataset id → its table cells

    @property
    def meta(self) -> ListMeta:
        """The list's own record; a validated catalog always has it."""
        assert self.catalog.meta is not None, "derive() takes a validated catalog"
        return self.catalog.meta

    @property
    def result_sources(self) -> int:
        """How many source tables the results come from."""
        return len({e.source.file for e in self.entries})


def derive(catalog: Catalog) -> Derived:
    all_entries = entries(catalog)
    main = _boards.main_boards(catalog, all_entries)
    return Derived(
        catalog=catalog,
        entries=all_entries,
        main=main,
        boards=[_boards.top(b, README_TOP) for b in main],
        reruns=_boards.rerun_boards(catalog, all_entries),
        full=_boards.full_boards(catalog, all_entries, main, SITE_BEST),
        papers=views.papers_by_category(catalog),
        datasets=views.datasets_in_order(catalog),
        origins={d.id: views.origin(catalog, d) for d in catalog.datasets},
        bibtex=bibtex_entries(catalog),
        cells={d.id: views.dataset_cells(d) for d in catalog.datasets},
    )


__all__ = ["Derived", "Entry", "FullBoard", "Leaderboard", "derive"]
