"""Every id a record names resolves to a record of the right kind."""

from __future__ import annotations

from typing import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic
from ._shared import missing_reference, path_of

RULE = "unknown-reference"
DESCRIPTION = "a record names a paper or dataset id that does not exist"


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    papers, datasets = catalog.papers_by_id, catalog.datasets_by_id
    for paper in catalog.papers:
        for i, ds in enumerate(paper.datasets):
            if ds not in datasets and not catalog.failed("dataset", ds):
                yield missing_reference(RULE, path_of(paper), ("datasets", i), ds, "dataset", datasets)
    for ds in catalog.datasets:
        if ds.introduced_by and ds.introduced_by not in papers and not catalog.failed("paper", ds.introduced_by):
            yield missing_reference(RULE, path_of(ds), ("introduced_by",), ds.introduced_by, "paper", papers)
    reg = catalog.benchmarks
    if reg is not None:
        named = [(("benchmarks", i, "dataset"), b.dataset) for i, b in enumerate(reg.benchmarks)]
        named += [(("archived_leaderboards", i, "dataset"), b.dataset) for i, b in enumerate(reg.archived_leaderboards)]
        for loc, ds in named:
            if ds not in datasets and not catalog.failed("dataset", ds):
                yield missing_reference(RULE, path_of(reg), loc, ds, "dataset", datasets)
