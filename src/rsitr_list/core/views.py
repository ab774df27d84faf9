"""What a reader sees of each record, computed once for the README and the site."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Catalog
from ..models import Category, Dataset, Paper
from .urls import arxiv_url, doi_url


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class PaperView:
    paper: Paper
    venue_short: str | None  # None where no source gives the venue
    venue_name: str | None
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
        doi_page = doi_url(links.doi)
        if doi_page.lower() not in shown:
            out.append(Link("DOI" if out else "paper", doi_page))
            shown.append(doi_page.lower())
    if links.arxiv:
        abs_url = arxiv_url(links.arxiv)
        if not any(abs_url.lower() in u for u in shown):
            out.append(Link("arXiv" if out else "paper", abs_url))
    if links.code:
        out.append(Link("code", links.code))
    if links.project:
        out.append(Link("project", links.project))
    return tuple(out)


def primary_url(paper: Paper) -> str | None:
    """The page a reader should open for a paper: the first of its reading links."""
    links = paper.links
    if links.paper:
        return links.paper
    if links.doi:
        return doi_url(links.doi)
    return arxiv_url(links.arxiv) if links.arxiv else None


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


@dataclass(frozen=True)
class Origin:
    """A dataset's introducing paper: a record on the Methods page, or a citation."""

    label: str  # the paper's title
    short: str  # how a table cell names it: "PIR (ACM MM 2023)" or "Qu et al., 2016"
    short_url: str | None = None  # where the short form links, for a citation only
    paper_id: str | None = None
    links: tuple[Link, ...] = ()
    authors: tuple[str, ...] = ()
    venue: str | None = None
    year: int | None = None


def origin(catalog: Catalog, dataset: Dataset) -> Origin | None:
    if dataset.introduced_by and dataset.introduced_by in catalog.papers_by_id:
        p = catalog.papers_by_id[dataset.introduced_by]
        v = paper_view(catalog, p)
        when = " ".join(str(x) for x in (v.venue_short, p.year) if x is not None)
        return Origin(
            label=p.title,
            short=f"{p.method or p.title}{f' ({when})' if when else ''}",
            paper_id=p.id,
            authors=tuple(p.authors or ()),
            venue=v.venue_short,
            year=p.year,
        )
    if dataset.citation:
        c = dataset.citation
        links = []
        if c.doi:
            links.append(Link("DOI", doi_url(c.doi)))
        if c.arxiv:
            links.append(Link("arXiv", arxiv_url(c.arxiv)))
        if c.url:
            links.append(Link("paper", c.url))
        return Origin(
            label=c.title,
            short=f"{c.authors[0].split()[-1]} et al., {c.year}",
            short_url=doi_url(c.doi) if c.doi else c.url,
            links=tuple(links),
            authors=tuple(c.authors),
            venue=c.venue,
            year=c.year,
        )
    return None


@dataclass(frozen=True)
class DatasetCells:
    """A dataset's figures as every table shows them: thousands separators, "–" where unknown."""

    images: str
    captions: str
    per_image: str
    size: str  # "256 × 256", "various" or "–"
    classes: str


def dataset_cells(d: Dataset) -> DatasetCells:
    def count(n: int | None) -> str:
        return f"{n:,}" if n else "–"

    size = "various" if d.image_size == "various" else d.image_size.replace("x", " × ") if d.image_size else "–"
    return DatasetCells(
        images=count(d.images) if d.images or not d.scale else d.scale,
        captions=count(d.captions),
        per_image=str(d.captions_per_image) if d.captions_per_image else "–",
        size=size,
        classes=str(d.classes) if d.classes else "–",
    )


def introduced_year(catalog: Catalog, dataset: Dataset) -> int | None:
    if dataset.introduced_by and dataset.introduced_by in catalog.papers_by_id:
        paper = catalog.papers_by_id[dataset.introduced_by]
        return paper.published_online or paper.year
    return dataset.citation.year if dataset.citation else None


def datasets_in_order(catalog: Catalog) -> list[Dataset]:
    """Benchmarks first, then pre-training corpora; oldest first within each, as the field grew."""
    return sorted(
        catalog.datasets, key=lambda d: (d.role != "benchmark", introduced_year(catalog, d) or 9999, d.name.casefold())
    )
