"""What to verify for each link, and how: the first step of a run, with no I/O.

A DOI is verified at the DOI registry, not at the publisher (publishers answer scripts
with 403s and challenge pages); an arXiv id through arXiv's API, many per request; a
GitHub repository through GitHub's API when a token is set. Everything else is HTTP.
Several links may share one check (the same DOI written as an id and as a URL).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .config import LinkSettings
from .ids.identifiers import arxiv_in_url, doi_in_url, github_repo
from .targets import Target, TargetKind


class Method(StrEnum):
    HTTP = "http"
    DOI = "doi"
    ARXIV = "arxiv"
    GITHUB = "github"


@dataclass(frozen=True)
class Check:
    """One thing to verify; several targets may share it (same DOI written twice ...)."""

    key: str  # cache key: "http:<url>", "doi:<doi, lower case>", "arxiv:<id>", "github:<owner/repo>"
    method: Method
    value: str  # the URL, DOI, arXiv id, or "owner/repo"
    url: str  # the URL a reader follows (for HTTP fallbacks and messages)


@dataclass(frozen=True)
class Plan:
    checks: dict[str, Check]  # by key, each once, in the order first needed
    links: list[tuple[Target, str]]  # every target that is checked, with its check's key
    excluded: list[tuple[Target, str]]  # targets left out, with the pattern that matched


def check_for(target: Target, cfg: LinkSettings, github_token: str | None) -> Check:
    if target.kind is TargetKind.DOI:
        doi = target.key.removeprefix("doi:")
        return Check("doi:" + doi.lower(), Method.DOI, doi, target.url)
    if target.kind is TargetKind.ARXIV:
        ident = target.key.removeprefix("arxiv:")
        return Check("arxiv:" + ident, Method.ARXIV, ident, target.url)
    url = target.url
    if doi_in := doi_in_url(url, cfg.doi_url_hosts):
        return Check("doi:" + doi_in.lower(), Method.DOI, doi_in, url)
    if arxiv_id := arxiv_in_url(url, cfg.arxiv_url_hosts):
        return Check("arxiv:" + arxiv_id, Method.ARXIV, arxiv_id, url)
    if github_token and cfg.github_api_enabled and (repo := github_repo(url, cfg.github_hosts)):
        return Check("github:" + repo.lower(), Method.GITHUB, repo, url)
    return Check("http:" + url, Method.HTTP, url, url)


def plan(targets: list[Target], cfg: LinkSettings, github_token: str | None) -> Plan:
    excludes = cfg.compiled_excludes()
    checks: dict[str, Check] = {}
    links: list[tuple[Target, str]] = []
    excluded: list[tuple[Target, str]] = []
    for t in targets:
        pattern = next((p for p in excludes if p.search(t.url) or p.search(t.key)), None)
        if pattern is not None:
            excluded.append((t, pattern.pattern))
            continue
        check = check_for(t, cfg, github_token)
        checks.setdefault(check.key, check)
        links.append((t, check.key))
    return Plan(checks, links, excluded)
