"""What a contributor types to name a paper: doi:..., arxiv:..., a DOI or arXiv URL, or a bare id."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

from ..models.types import ARXIV_RE, DOI_RE
from .errors import AddError

_ARXIV_URL_PATH = re.compile(r"^/(?:abs|pdf|html)/(.+?)(?:\.pdf)?/?$")
_VERSION = re.compile(r"v(\d+)$")
MAX_INPUT = 300  # no real identifier is longer; a longer one is a paste gone wrong


@dataclass(frozen=True)
class Identifier:
    scheme: Literal["doi", "arxiv"]
    value: str  # a DOI as registered, or an arXiv id without its version
    version: int | None = None  # arXiv only: the version the contributor named

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}" + (f"v{self.version}" if self.version else "")


def _arxiv(text: str) -> Identifier | None:
    if not ARXIV_RE.match(text):
        return None
    m = _VERSION.search(text)
    if m:
        return Identifier("arxiv", text[: m.start()], int(m.group(1)))
    return Identifier("arxiv", text)


def _doi(text: str) -> Identifier | None:
    text = text.strip().rstrip(".")
    return Identifier("doi", text) if DOI_RE.match(text) else None


def parse_identifier(raw: str) -> Identifier:
    """doi:10.1109/X, arxiv:2306.11029v2, https://doi.org/..., https://arxiv.org/abs/..., or a bare id."""
    text = raw.strip()
    hint = "write doi:10.1109/TGRS.2024.3390838, arxiv:2306.11029, or a https://doi.org/ or https://arxiv.org/abs/ link"
    if not text or len(text) > MAX_INPUT or any(c.isspace() for c in text):
        raise AddError(f"'{raw[:80]}' is not a DOI or an arXiv id", hint)
    lower = text.lower()
    found: Identifier | None = None
    if lower.startswith("doi:"):
        found = _doi(text[4:])
    elif lower.startswith("arxiv:"):
        found = _arxiv(text[6:])
    elif lower.startswith(("http://", "https://")):
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
        if host in ("doi.org", "dx.doi.org", "www.doi.org"):
            found = _doi(unquote(parts.path.lstrip("/")))
        elif host in ("arxiv.org", "www.arxiv.org", "export.arxiv.org"):
            m = _ARXIV_URL_PATH.match(parts.path)
            found = _arxiv(m.group(1)) if m else None
        else:
            hint = "give the paper's DOI (doi:10...) or its arXiv id rather than a publisher page"
    else:
        found = _doi(text) if text.startswith("10.") else _arxiv(text)
    if found is None:
        raise AddError(f"'{text}' is not a DOI or an arXiv id", hint)
    return found
