"""A record's arXiv id and its arxiv.org address name the same paper.

A paper page on arxiv.org in `links.paper` (or a citation's `url`) beside an
`arxiv` id gives two ids for one paper; when they differ, one of them was copied
from the wrong line, and readers would get two different papers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..catalog import Catalog
from ..diagnostics import Diagnostic, Loc
from ..models import Record
from ._shared import path_of

RULE = "arxiv-mismatch"
DESCRIPTION = "an arxiv.org address in links.paper names another paper than links.arxiv"

_ARXIV_URL = re.compile(
    r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/"
    r"(?P<id>[a-z.A-Z-]*/?\d{4}\.?\d{3,5})(?:v\d+)?(?:\.pdf)?/?(?:[?#].*)?$"
)
_VERSION = re.compile(r"v\d+$")


def arxiv_id_of(url: str) -> str | None:
    """The id (without version) an arxiv.org abstract, PDF or HTML address names."""
    m = _ARXIV_URL.match(url)
    return m["id"] if m else None


def _pairs(catalog: Catalog) -> Iterator[tuple[Record, Loc, tuple[str, ...], str | None, str | None]]:
    for paper in catalog.papers:
        yield paper, ("links", "arxiv"), ("links", "paper"), paper.links.arxiv, paper.links.paper
    for ds in catalog.datasets:
        if ds.citation is not None:
            yield ds, ("citation", "arxiv"), ("citation", "url"), ds.citation.arxiv, ds.citation.url


def check(catalog: Catalog) -> Iterator[Diagnostic]:
    for record, id_loc, url_loc, arxiv, url in _pairs(catalog):
        if not arxiv or not url:
            continue
        in_url = arxiv_id_of(url)
        if in_url is not None and in_url != _VERSION.sub("", arxiv):
            yield Diagnostic(
                path_of(record),
                RULE,
                f"'{arxiv}' is not the paper that {'.'.join(url_loc)} links to ({in_url})",
                loc=id_loc,
                hint=f"correct one of the two, or leave out {'.'.join(url_loc)} (the arXiv link is made from the id)",
            )
