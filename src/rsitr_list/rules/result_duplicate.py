"""One row per method and variant, dataset, protocol and source table.

Two such rows would both claim to be the number a table prints for one method;
the leaderboard could not tell which to show.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic
from ..models.result import Result
from ._shared import path_of

RULE = "result-duplicate"
DESCRIPTION = "two result rows share method, variant, dataset, protocol and source"


def identity(row: Result) -> tuple[object, ...]:
    proto = row.effective_protocol()
    source = row.table.origin
    return (
        row.paper or row.method.casefold(),
        (row.variant or "").casefold(),
        row.dataset,
        proto.model_dump_json(),
        source.repo,
        source.commit,
        source.path,
        source.table,
    )


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    first: dict[tuple[object, ...], Result] = {}
    for row in catalog.results:
        key = identity(row)
        if key not in first:
            first[key] = row
            continue
        other = first[key]
        where = "this file" if path_of(other) == path_of(row) else path_of(other)
        yield Diagnostic(
            path_of(row),
            RULE,
            f"{row.name} on {row.dataset} is already results[{other.index}] of {where}",
            loc=("results", row.index),
            hint="remove one row, or tell them apart with `variant` or `protocol`",
        )
