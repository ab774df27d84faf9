"""No two papers share a title, after folding case, accents, dashes and punctuation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic
from ._shared import duplicates, raw_get

RULE = "duplicate-title"
DESCRIPTION = "two papers share a normalised title"


_NON_WORD = re.compile(r"[\W_]+")


def normalise_title(title: str) -> str:
    text = title.casefold()
    if not text.isascii():  # accents and typographic dashes need the slow path
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", text).strip()


def _raw_title(data: dict) -> str | None:
    title = raw_get(data, "title")
    return (normalise_title(title) or None) if isinstance(title, str) else None


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    yield from duplicates(
        catalog,
        catalog.papers,
        lambda p: normalise_title(p.title),
        RULE,
        ("title",),
        "this title",
        kind="paper",
        raw_key=_raw_title,
    )
