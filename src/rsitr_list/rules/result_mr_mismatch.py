"""A printed mR that is not the mean of the six printed recalls (beyond rounding).

A warning, not an error: the source printed it, so the list keeps it and the
leaderboard flags it. Correcting the number here would hide the source's mistake.
A row that sets ``mr_misprint: true`` (the reason in its note) has been looked at and
is not warned about again; the board still marks it. Whether such an acknowledgement
is itself right (the mR really is off) is checked with the row's fields
(``result-misprint``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic
from ._shared import path_of

RULE = "result-mr-mismatch"
DESCRIPTION = (
    "a printed mR differs from the mean of the six recalls by more than 0.01 and the row does not "
    "acknowledge it as a known misprint (warning)"
)
SEVERITY = "warning"  # validation still passes; tests/test_results_rules.py runs its fixture


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    for row in catalog.results:
        if row.mr_mismatch() and not row.mr_misprint:
            yield Diagnostic(
                path_of(row),
                RULE,
                f"{row.name} on {row.dataset}: printed mR {row.mR!r} differs from the mean of the six recalls ({row.mean_of_six():.4f})",
                loc=("results", row.index, "mR"),
                severity="warning",
                hint="keep the printed value if the source prints it, and set `mr_misprint: true` with the "
                "reason in the row's note; the leaderboard marks it. Otherwise fix the transcription",
            )
