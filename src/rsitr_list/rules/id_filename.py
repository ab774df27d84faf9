"""A record's id is its file name, so that a link to the file and the id never drift apart."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic
from ..models import Dataset, Paper
from ._shared import path_of

RULE = "id-filename"
DESCRIPTION = "a record's id differs from its file name"


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    records: list[Paper | Dataset] = [*catalog.papers, *catalog.datasets]
    for rec in records:
        if rec.source is not None and rec.source.stem != rec.id:
            yield Diagnostic(
                path_of(rec),
                RULE,
                f"id '{rec.id}' does not match the file name '{rec.source.name}'",
                loc=("id",),
                hint=f"rename the file to {rec.id}{rec.source.suffix}, or set `id: {rec.source.stem}`",
            )
