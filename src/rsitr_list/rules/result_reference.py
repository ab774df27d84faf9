"""A result's paper and dataset ids, and its source's paper id, name existing records.

Result files that failed their field checks are looked at on their raw data too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..catalog import Catalog
from ..diagnostics import Diagnostic, Loc
from ._shared import Where, failed, missing_reference, raw_id, raw_list, where_path

RULE = "result-reference"
DESCRIPTION = "a result names a paper or dataset id that does not exist"


def _references(catalog: Catalog) -> Iterator[tuple[Where, Loc, str, str]]:
    seen_tables: set[int] = set()
    for row in catalog.results:
        table = row.table
        if id(table) not in seen_tables:
            seen_tables.add(id(table))
            if table.origin.paper:
                yield row, ("source", "paper"), "paper", table.origin.paper
        if row.paper:
            yield row, ("results", row.index, "paper"), "paper", row.paper
        yield row, ("results", row.index, "dataset"), "dataset", row.dataset
    for path, data in failed(catalog, "result"):
        if pid := raw_id(data, "source", "paper"):
            yield path, ("source", "paper"), "paper", pid
        for i in range(len(raw_list(data, "results"))):
            for field, kind in (("paper", "paper"), ("dataset", "dataset")):
                if rid := raw_id(data, "results", i, field):
                    yield path, ("results", i, field), kind, rid


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    known: dict[str, Mapping[str, object]] = {"paper": catalog.papers_by_id, "dataset": catalog.datasets_by_id}
    for where, loc, kind, rid in _references(catalog):
        if rid not in known[kind] and not catalog.failed(kind, rid):
            yield missing_reference(RULE, where_path(where), loc, rid, kind, known[kind])
