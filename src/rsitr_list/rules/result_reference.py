"""A result's paper and dataset ids, and its source's paper id, name existing records."""

from __future__ import annotations

from typing import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic
from ._shared import missing_reference, path_of

RULE = "result-reference"
DESCRIPTION = "a result names a paper or dataset id that does not exist"


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    papers, datasets = catalog.papers_by_id, catalog.datasets_by_id
    seen_tables: set[int] = set()
    for row in catalog.results:
        path, table = path_of(row), row.table
        if id(table) not in seen_tables:
            seen_tables.add(id(table))
            pid = table.origin.paper
            if pid and pid not in papers and not catalog.failed("paper", pid):
                yield missing_reference(RULE, path, ("source", "paper"), pid, "paper", papers)
        if row.paper and row.paper not in papers and not catalog.failed("paper", row.paper):
            yield missing_reference(RULE, path, ("results", row.index, "paper"), row.paper, "paper", papers)
        if row.dataset not in datasets and not catalog.failed("dataset", row.dataset):
            yield missing_reference(RULE, path, ("results", row.index, "dataset"), row.dataset, "dataset", datasets)
