"""Every id a record names resolves to a record of the right kind.

Records that failed their field checks are looked at too, on their raw data, so
that a new paper's unknown dataset is reported in the same run as its other errors.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..catalog import Catalog
from ..diagnostics import Diagnostic, Loc
from ._shared import Where, failed, missing_reference, raw_id, raw_list, where_path

RULE = "unknown-reference"
DESCRIPTION = "a record names a paper or dataset id that does not exist"


def _references(catalog: Catalog) -> Iterator[tuple[Where, Loc, str, str]]:
    """(record or path, loc, kind, id) of every reference, from valid and failed records alike."""
    for paper in catalog.papers:
        for i, ds in enumerate(paper.datasets):
            yield paper, ("datasets", i), "dataset", ds
    for path, data in failed(catalog, "paper"):
        for i in range(len(raw_list(data, "datasets"))):
            if did := raw_id(data, "datasets", i):
                yield path, ("datasets", i), "dataset", did
    for dataset in catalog.datasets:
        if dataset.introduced_by:
            yield dataset, ("introduced_by",), "paper", dataset.introduced_by
    for path, data in failed(catalog, "dataset"):
        if pid := raw_id(data, "introduced_by"):
            yield path, ("introduced_by",), "paper", pid
    reg = catalog.benchmarks
    if reg is not None:
        for i, b in enumerate(reg.benchmarks):
            yield reg, ("benchmarks", i, "dataset"), "dataset", b.dataset
        for i, archived in enumerate(reg.archived_leaderboards):
            yield reg, ("archived_leaderboards", i, "dataset"), "dataset", archived.dataset
    for path, data in failed(catalog, "benchmarks"):
        for key in ("benchmarks", "archived_leaderboards"):
            for i in range(len(raw_list(data, key))):
                if did := raw_id(data, key, i, "dataset"):
                    yield path, (key, i, "dataset"), "dataset", did


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    known: dict[str, Mapping[str, object]] = {"paper": catalog.papers_by_id, "dataset": catalog.datasets_by_id}
    for where, loc, kind, rid in _references(catalog):
        if rid not in known[kind] and not catalog.failed(kind, rid):
            yield missing_reference(RULE, where_path(where), loc, rid, kind, known[kind])
