"""Addresses readers are shown for identifiers: one place for the DOI and arXiv bases.

These are the public pages a reader follows, not API endpoints; the network base URLs
the link checker and `add` talk to are settings (`[tool.rsitr-list.endpoints]`).
"""

from __future__ import annotations

DOI_BASE = "https://doi.org/"
ARXIV_ABS = "https://arxiv.org/abs/"


def doi_url(doi: str) -> str:
    return DOI_BASE + doi


def arxiv_url(arxiv_id: str) -> str:
    return ARXIV_ABS + arxiv_id
