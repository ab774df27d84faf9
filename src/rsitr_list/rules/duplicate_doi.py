"""No two papers share a DOI (compared case-insensitively, as DOIs are)."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic
from ._shared import duplicates, raw_get

RULE = "duplicate-doi"
DESCRIPTION = "two papers share a DOI"


def _key(value: object) -> str | None:
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    yield from duplicates(
        catalog,
        catalog.papers,
        lambda p: _key(p.links.doi),
        RULE,
        ("links", "doi"),
        "DOI",
        kind="paper",
        raw_key=lambda d: _key(raw_get(d, "links", "doi")),
    )
