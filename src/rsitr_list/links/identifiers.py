"""Recognise identifiers inside links, so each is verified the cheapest reliable way.

A DOI is verified at the DOI registry, not at the publisher (publishers answer scripts
with 403s and challenge pages); an arXiv id through arXiv's API, many per request; a
GitHub repository through GitHub's API when a token is set. Everything else is HTTP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .config import LinkSettings
from .targets import Target

_DOI_IN_PATH = re.compile(r"(10\.\d{4,9}/[^?#\s]+)")
# Path forms of the DOI on publisher sites: /doi/10..., /doi/abs/10..., /article/10...
_DOI_PREFIXES = re.compile(r"^/(?:doi/(?:abs/|full/|pdf/|epdf/|book/)?|article/|chapter/|book/)?")
_ARXIV_PATH = re.compile(
    r"^/(?:abs|pdf|html)/((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)(?:\.pdf)?/?$")
_GITHUB_REPO = re.compile(r"^/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]+?)(?:\.git)?/?$")
_GITHUB_RESERVED = {"orgs", "topics", "features", "marketplace", "sponsors", "settings", "about", "search"}


@dataclass(frozen=True)
class Check:
    """One thing to verify; several targets may share it (same DOI written twice ...)."""

    key: str     # cache key: "http:<url>", "doi:<doi, lower case>", "arxiv:<id>", "github:<owner/repo>"
    method: str  # http | doi | arxiv | github
    value: str   # the URL, DOI, arXiv id, or "owner/repo"
    url: str     # the URL a reader follows (for HTTP fallbacks and messages)


def doi_in_url(url: str, hosts: list[str]) -> str | None:
    parts = urlsplit(url)
    if (parts.hostname or "") not in hosts or parts.fragment:
        return None
    path = unquote(parts.path)
    if not _DOI_PREFIXES.match(path):
        return None
    rest = path[_DOI_PREFIXES.match(path).end():]
    m = _DOI_IN_PATH.fullmatch(rest.rstrip("/"))
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


def plan(target: Target, cfg: LinkSettings, github_token: str | None) -> Check:
    if target.kind == "doi":
        doi = target.key.removeprefix("doi:")
        return Check("doi:" + doi.lower(), "doi", doi, target.url)
    if target.kind == "arxiv":
        ident = target.key.removeprefix("arxiv:")
        return Check("arxiv:" + ident, "arxiv", ident, target.url)
    url = target.url
    if doi := doi_in_url(url, cfg.doi_url_hosts):
        return Check("doi:" + doi.lower(), "doi", doi, url)
    if ident := arxiv_in_url(url, cfg.arxiv_url_hosts):
        return Check("arxiv:" + ident, "arxiv", ident, url)
    if github_token and cfg.github_api_enabled and (repo := github_repo(url, cfg.github_hosts)):
        return Check("github:" + repo.lower(), "github", repo, url)
    return Check("http:" + url, "http", url, url)
