"""What a reader sees of each record, computed once for the README and the site."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Catalog
from ..models import Category, Dataset, Paper

DOI_BASE = "https://doi.org/"
ARXIV_ABS = "https://arxiv.org/abs/"


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class PaperView:
    paper: Paper
    venue_short: str
    venue_name: str
    links: tuple[Link, ...]

    @property
    def id(self) -> str:
        return self.paper.id

    @property
    def code(self) -> str | None:
        return self.paper.links.code


def paper_links(paper: Paper) -> tuple[Link, ...]:
    """[paper], then DOI and arXiv where they add a different page, then code and project."""
    links = paper.links
    out: list[Link] = []
    if links.paper:
        out.append(Link("paper", links.paper))
    shown = [(links.paper or "").lower()]
    if links.doi:
        doi_url = DOI_BASE + links.doi
        if doi_url.lower() not in shown:
            out.append(Link("DOI" if out else "paper", doi_url))
            shown.append(doi_url.lower())
    if links.arxiv:
        abs_url = ARXIV_ABS + links.arxiv
        if not any(abs_url.lower() in u for u in shown):
            out.append(Link("arXiv" if out else "paper", abs_url))
    if links.code:
        out.append(Link("code", links.code))
    if links.project:
        out.append(Link("project", links.project))
    return tuple(out)


def newest_first(papers: list[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: (p.year is None, -(p.year or 0), p.title.casefold(), p.id))  # undated last


def paper_view(catalog: Catalog, paper: Paper) -> PaperView:
    venue = catalog.venue_of(paper)
    return PaperView(
        paper=paper,
        venue_short=venue.short if venue else paper.venue,
        venue_name=venue.name if venue else paper.venue,
        links=paper_links(paper),
    )


def papers_by_category(catalog: Catalog) -> dict[Category, list[PaperView]]:
    groups: dict[Category, list[PaperView]] = {c: [] for c in Category}
    for paper in newest_first(catalog.papers):
        groups[paper.category].append(paper_view(catalog, paper))
    return groups


def introduced_year(catalog: Catalog, dataset: Dataset) -> int | None:
    if dataset.introduced_by and dataset.introduced_by in catalog.papers_by_id:
        paper = catalog.papers_by_id[dataset.introduced_by]
        return paper.published_online or paper.year
    return dataset.citation.year if dataset.citation else None


def datasets_in_order(catalog: Catalog) -> list[Dataset]:
    """Benchmarks first, then pre-training corpora; oldest first within each, as the field grew."""
    return sorted(catalog.datasets, key=lambda d: (d.role != "benchmark", introduced_year(catalog, d) or 9999,
                                                    d.name.casefold()))
