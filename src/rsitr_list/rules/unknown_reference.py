"""Every id a record names resolves to a record of the right kind."""

from __future__ import annotations

from typing import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic, did_you_mean
from ._shared import path_of

RULE = "unknown-reference"
DESCRIPTION = "a record names a paper or dataset id that does not exist"


def _missing(path: str, loc, value: str, kind: str, known) -> Diagnostic:
    return Diagnostic(path, RULE, f"no {kind} has the id '{value}'", loc=loc,
                      hint=did_you_mean(value, known) or f"see data/{kind}s/ for the known ids")


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    papers, datasets = catalog.papers_by_id, catalog.datasets_by_id
    for paper in catalog.papers:
        for i, ds in enumerate(paper.datasets):
            if ds not in datasets and not catalog.failed("dataset", ds):
                yield _missing(path_of(paper), ("datasets", i), ds, "dataset", datasets)
    for ds in catalog.datasets:
        if ds.introduced_by and ds.introduced_by not in papers and not catalog.failed("paper", ds.introduced_by):
            yield _missing(path_of(ds), ("introduced_by",), ds.introduced_by, "paper", papers)
    reg = catalog.benchmarks
    if reg is not None:
        for i, bench in enumerate(reg.benchmarks):
            if bench.dataset not in datasets and not catalog.failed("dataset", bench.dataset):
                yield _missing(path_of(reg), ("benchmarks", i, "dataset"), bench.dataset, "dataset", datasets)
        for i, board in enumerate(reg.archived_leaderboards):
            if board.dataset not in datasets and not catalog.failed("dataset", board.dataset):
                yield _missing(path_of(reg), ("archived_leaderboards", i, "dataset"), board.dataset, "dataset",
                               datasets)
