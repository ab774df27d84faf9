"""A result's paper and dataset ids, and its source's paper id, name existing records."""

from __future__ import annotations

from typing import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic, did_you_mean
from ._shared import path_of

RULE = "result-reference"
DESCRIPTION = "a result names a paper or dataset id that does not exist"


def _missing(path: str, loc: tuple, value: str, kind: str, known) -> Diagnostic:
    return Diagnostic(path, RULE, f"no {kind} has the id '{value}'", loc=loc,
                      hint=did_you_mean(value, known) or f"see data/{kind}s/ for the known ids")


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    papers, datasets = catalog.papers_by_id, catalog.datasets_by_id
    seen_tables: set[int] = set()
    for row in catalog.results:
        path, table = path_of(row), row.table
        if id(table) not in seen_tables:
            seen_tables.add(id(table))
            pid = table.origin.paper
            if pid and pid not in papers and not catalog.failed("paper", pid):
                yield _missing(path, ("source", "paper"), pid, "paper", papers)
        if row.paper and row.paper not in papers and not catalog.failed("paper", row.paper):
            yield _missing(path, ("results", row.index, "paper"), row.paper, "paper", papers)
        if row.dataset not in datasets and not catalog.failed("dataset", row.dataset):
            yield _missing(path, ("results", row.index, "dataset"), row.dataset, "dataset", datasets)
