"""Every paper's venue is one of data/venues.yaml, so short and full names stay consistent."""

from __future__ import annotations

from typing import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic, did_you_mean
from ._shared import path_of

RULE = "unknown-venue"
DESCRIPTION = "a paper names a venue id that data/venues.yaml does not define"


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    known = catalog.venues
    if "venues" in catalog.failed_files:
        return  # venues.yaml's own error is reported; every paper would fail here otherwise
    # Hints match the short form too: "TGRS" suggests the id `tgrs`.
    by_short = {v.short.lower(): v.id for v in known.values()}
    for paper in catalog.papers:
        if paper.venue is not None and paper.venue not in known:  # null: no venue is known
            hint = did_you_mean(paper.venue, known)
            if hint is None and paper.venue.replace("-", " ") in by_short:
                hint = f"did you mean `{by_short[paper.venue.replace('-', ' ')]}`?"
            yield Diagnostic(path_of(paper), RULE, f"unknown venue '{paper.venue}'", loc=("venue",),
                             hint=hint or "add the venue to data/venues.yaml first")
