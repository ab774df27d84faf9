"""Every paper's venue is one of data/venues.yaml, so short and full names stay consistent."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic, did_you_mean
from ._shared import Where, failed, raw_id, where_path

RULE = "unknown-venue"
DESCRIPTION = "a paper names a venue id that data/venues.yaml does not define"


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    known = catalog.venues
    if "venues" in catalog.failed_files:
        return  # venues.yaml's own error is reported; every paper would fail here otherwise
    # Hints match the short form too: "TGRS" suggests the id `tgrs`.
    by_short = {v.short.lower(): v.id for v in known.values()}
    named: list[tuple[Where, str | None]] = [(p, p.venue) for p in catalog.papers]
    # A paper that failed its field checks still gets this one, in the same run.
    named += [(path, venue) for path, data in failed(catalog, "paper") if (venue := raw_id(data, "venue"))]
    for where, venue in named:
        if venue is not None and venue not in known:  # null: no venue is known
            hint = did_you_mean(venue, known)
            if hint is None and venue.replace("-", " ") in by_short:
                hint = f"did you mean `{by_short[venue.replace('-', ' ')]}`?"
            yield Diagnostic(
                where_path(where),
                RULE,
                f"unknown venue '{venue}'",
                loc=("venue",),
                hint=hint or "add the venue to data/venues.yaml first",
            )
