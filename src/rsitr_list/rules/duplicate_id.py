"""Ids are unique within each kind of record."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic
from ._shared import duplicates, raw_id

RULE = "duplicate-id"
DESCRIPTION = "two records of one kind share an id"


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    yield from duplicates(
        catalog,
        catalog.papers,
        lambda p: p.id,
        RULE,
        ("id",),
        "paper id",
        kind="paper",
        raw_key=lambda d: raw_id(d, "id"),
    )
    yield from duplicates(
        catalog,
        catalog.datasets,
        lambda d: d.id,
        RULE,
        ("id",),
        "dataset id",
        kind="dataset",
        raw_key=lambda d: raw_id(d, "id"),
    )
