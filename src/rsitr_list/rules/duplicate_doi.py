"""No two papers share a DOI (compared case-insensitively, as DOIs are)."""

from __future__ import annotations

from typing import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic
from ._shared import duplicates

RULE = "duplicate-doi"
DESCRIPTION = "two papers share a DOI"


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    yield from duplicates(catalog.papers, lambda p: p.links.doi.lower() if p.links.doi else None,
                          RULE, ("links", "doi"), f"DOI")
