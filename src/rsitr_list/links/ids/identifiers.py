"""Recognise identifiers inside links: DOIs in publisher URLs, arXiv ids, GitHub repositories."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

_DOI_IN_PATH = re.compile(r"(10\.\d{4,9}/[^?#\s]+)")
# Path forms of the DOI on publisher sites: /doi/10..., /doi/abs/10..., /article/10...
_DOI_PREFIXES = re.compile(r"^/(?:doi/(?:abs/|full/|pdf/|epdf/|book/)?|article/|chapter/|book/)?")
_ARXIV_PATH = re.compile(r"^/(?:abs|pdf|html)/((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)(?:\.pdf)?/?$")
_GITHUB_REPO = re.compile(r"^/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]+?)(?:\.git)?/?$")
_GITHUB_RESERVED = {"orgs", "topics", "features", "marketplace", "sponsors", "settings", "about", "search"}


def doi_in_url(url: str, hosts: list[str]) -> str | None:
    parts = urlsplit(url)
    if (parts.hostname or "") not in hosts or parts.fragment:
        return None
    path = unquote(parts.path)
    prefix = _DOI_PREFIXES.match(path)
    if prefix is None:
        return None
    m = _DOI_IN_PATH.fullmatch(path[prefix.end() :].rstrip("/"))
    return m.group(1) if m else None


def arxiv_in_url(url: str, hosts: list[str]) -> str | None:
    parts = urlsplit(url)
    if (parts.hostname or "") not in hosts or parts.fragment or parts.query:
        return None
    m = _ARXIV_PATH.match(parts.path)
    return m.group(1) if m else None


def github_repo(url: str, hosts: list[str]) -> str | None:
    parts = urlsplit(url)
    if (parts.hostname or "") not in hosts or parts.fragment or parts.query:
        return None
    m = _GITHUB_REPO.match(parts.path)
    if not m or m.group(1).lower() in _GITHUB_RESERVED:
        return None
    return f"{m.group(1)}/{m.group(2)}"
