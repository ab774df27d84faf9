"""A record's `added` date is not after today: it is the day it joined the list.

A date in the future is a typo (2027 for 2025) that would also sort the record
first among "recently added" everywhere until that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .. import clock
from ..catalog import Catalog
from ..diagnostics import Diagnostic
from ..models import Dataset, Paper
from ._shared import Where, failed, where_path

RULE = "future-date"
DESCRIPTION = "a record's added date is after today"


def _raw_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None  # the field check reports it as date-syntax


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    today = clock.today()
    records: list[Paper | Dataset] = [*catalog.papers, *catalog.datasets]
    dated: list[tuple[Where, dt.date | None]] = [(r, r.added) for r in records]
    dated += [
        (path, _raw_date(data.get("added"))) for kind in ("paper", "dataset") for path, data in failed(catalog, kind)
    ]
    for where, added in dated:
        if added is not None and added > today:
            yield Diagnostic(
                where_path(where),
                RULE,
                f"{added.isoformat()} is after today ({today.isoformat()})",
                loc=("added",),
                hint="write the day the record is added: today or earlier",
            )
