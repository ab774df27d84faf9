"""In each direction R@1 <= R@5 <= R@10: a larger cut-off can only find more.

A violation almost always means two columns were swapped while transcribing.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog import Catalog
from ..core.labels import RECALL_NAMES as RECALL_LABELS
from ..diagnostics import Diagnostic
from ..models.result import DIRECTIONS
from ._shared import path_of

RULE = "result-recall-order"
DESCRIPTION = "a result's R@1, R@5, R@10 are not in increasing order"


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    for row in catalog.results:
        if row.partial:
            continue  # an mR-only row has no recalls to order
        for _direction, names in DIRECTIONS:
            for lower, upper in zip(names, names[1:]):
                lo, hi = getattr(row, lower), getattr(row, upper)
                if lo > hi:
                    yield Diagnostic(
                        path_of(row),
                        RULE,
                        f"{row.name} on {row.dataset}: {RECALL_LABELS[upper]} ({hi!r}) is below {RECALL_LABELS[lower]} ({lo!r})",
                        loc=("results", row.index, upper),
                        hint="recall can only grow with K; check for swapped columns or directions in the source",
                    )
