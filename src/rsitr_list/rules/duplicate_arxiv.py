"""No two papers share an arXiv id (versions v1, v2 ... count as the same paper)."""

from __future__ import annotations

import re
from typing import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic
from ._shared import duplicates

RULE = "duplicate-arxiv"
DESCRIPTION = "two papers share an arXiv id"


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    yield from duplicates(catalog.papers, lambda p: re.sub(r"v\d+$", "", p.links.arxiv) if p.links.arxiv else None,
                          RULE, ("links", "arxiv"), "arXiv id")
