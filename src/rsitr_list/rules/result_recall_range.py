"""Every recall, mR and standard deviation of a result is a percentage: 0 to 100."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog import Catalog
from ..core.labels import RECALL_NAMES as RECALL_LABELS
from ..diagnostics import Diagnostic, Loc
from ..models.result import RECALLS, Result
from ._shared import path_of

RULE = "result-recall-range"
DESCRIPTION = "a recall, mR or std of a result is outside 0-100"
_FIELDS = (*RECALLS, "mR")


def _out_of_range(row: Result, at: Loc, name: str, value: float | None) -> Iterator[Diagnostic]:
    if value is not None and not 0 <= value <= 100:
        yield Diagnostic(
            path_of(row),
            RULE,
            f"{row.name} on {row.dataset}: {RECALL_LABELS[name]} is {value!r}, outside 0-100",
            loc=(*at, name),
            hint="values are percentages; compare this row with the source table",
        )


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    for row in catalog.results:
        at = ("results", row.index)
        for name in _FIELDS:
            yield from _out_of_range(row, at, name, getattr(row, name))
        if row.std is not None:
            for name in _FIELDS:
                yield from _out_of_range(row, (*at, "std"), name, getattr(row.std, name))
