"""No two papers share an arXiv id (versions v1, v2 ... count as the same paper)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic
from ._shared import duplicates, raw_get

RULE = "duplicate-arxiv"
DESCRIPTION = "two papers share an arXiv id"

_VERSION = re.compile(r"v\d+$")


def _key(value: object) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    return _VERSION.sub("", value) if "v" in value else value


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    yield from duplicates(
        catalog,
        catalog.papers,
        lambda p: _key(p.links.arxiv),
        RULE,
        ("links", "arxiv"),
        "arXiv id",
        kind="paper",
        raw_key=lambda d: _key(raw_get(d, "links", "arxiv")),
    )
