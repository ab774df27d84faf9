"""From an identifier and the contributor's choices to a validated paper record, written nowhere yet.

The record goes through the same validation as every file under data/: it is rendered
in the canonical form, parsed back with the pipeline's loader and validated together
with the existing records, so the cross-record rules (duplicates, unknown datasets,
the venue) see it exactly as they will after it is committed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from .. import positions
from ..catalog import Catalog
from ..core.urls import arxiv_url, doi_url
from ..diagnostics import Diagnostic, errors
from ..fmt import dump_record, schema_ref
from ..kinds import Kind
from ..load import RawFile, load_tree, parse
from ..models import Category, Paper, Venue
from ..rules._shared import missing_reference
from ..rules.duplicate_title import normalise_title
from ..settings import Settings
from ..validate import validate
from .clean import clean_title
from .errors import AddError
from .http import Fetcher
from .ids import Identifier
from .sources import Metadata, fetch_arxiv, fetch_crossref
from .venues import match_venue, unknown_venue

_STOP = {"a", "an", "the", "on", "of", "for", "to", "in", "and", "with", "towards", "toward", "via", "from"}
CATEGORIES = [c.value for c in Category]


class Prompter(Protocol):
    """Asks the contributor on a terminal; `add` gets none when stdin is not one."""

    def ask(self, label: str, *, choices: list[str] | None = None, required: bool = False) -> str: ...


@dataclass
class Choices:
    """What the metadata cannot tell: from flags, prompts or an issue form."""

    category: str | None = None
    method: str | None = None
    code: str | None = None
    project: str | None = None
    datasets: list[str] = field(default_factory=list)
    venue: str | None = None
    id: str | None = None
    note: str | None = None


@dataclass
class Planned:
    path: Path
    rel: str
    text: str
    record: dict[str, Any]
    notes: list[str]  # what the contributor should know (an earlier title kept, a DOI not found ...)


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def _first_word(title: str) -> str:
    for word in re.findall(r"[A-Za-z0-9][A-Za-z0-9-]*", unicodedata.normalize("NFKD", title)):
        if word.lower() not in _STOP:
            return word
    return "paper"


def make_id(method: str | None, title: str, year: int, venue: str, taken: set[str]) -> str:
    """`<method-or-first-word>-<year>`, as the existing records are named; the venue then a number on a clash."""
    base = _slug(method or "") or _slug(_first_word(title)) or "paper"
    base = base[:40].strip("-")
    for candidate in (f"{base}-{year}", f"{base}-{venue}-{year}"):
        if candidate not in taken:
            return candidate
    n = 2
    while f"{base}-{venue}-{year}-{n}" in taken:
        n += 1
    return f"{base}-{venue}-{year}-{n}"


def _versionless(arxiv: str | None) -> str | None:
    return re.sub(r"v\d+$", "", arxiv) if arxiv else None


def _where(p: Paper) -> str:
    return f"'{p.id}' ({p.source.as_posix() if p.source else 'data/papers/' + p.id + '.yaml'})"


def find_duplicate(
    papers: list[Paper], doi: str | None = None, arxiv: str | None = None, title: str | None = None
) -> AddError | None:
    norm = normalise_title(title) if title else None
    for p in papers:
        if doi and p.links.doi and p.links.doi.lower() == doi.lower():
            return AddError(
                f"this paper is already in the list: {_where(p)} has the DOI {doi}",
                f"edit {p.id}.yaml instead of adding a second record",
            )
        if arxiv and _versionless(p.links.arxiv) == _versionless(arxiv):
            return AddError(
                f"this paper is already in the list: {_where(p)} has the arXiv id {_versionless(arxiv)}",
                f"edit {p.id}.yaml instead of adding a second record",
            )
        if norm and norm in {normalise_title(t) for t in (p.title, *p.earlier_titles)}:
            return AddError(
                f"this paper is already in the list: {_where(p)} has the same title",
                f"edit {p.id}.yaml instead; if it really is a different paper, add it by hand",
            )
    return None


@dataclass
class Project:
    """The existing data, loaded once: raw files for re-validation, the catalog for lookups."""

    settings: Settings
    files: list[RawFile]
    failed: set[str]
    catalog: Catalog

    @classmethod
    def load(cls, settings: Settings) -> Project:
        files, diags = load_tree(settings.root, settings.data_dir, settings.cache_path)
        catalog, more = validate(files, {d.path for d in diags})
        problems = errors(positions.resolve(diags + more, settings.root))
        if problems:
            listing = "\n".join(d.format() for d in problems[:20])
            raise AddError(
                f"the existing data has {len(problems)} error(s); fix them first:\n{listing}",
                "run `rsitr-list validate` for the full list",
            )
        return cls(settings, files, {d.path for d in diags}, catalog)


def _fetch(project: Project, ident: Identifier, fetcher: Fetcher, notes: list[str]) -> tuple[Metadata, Metadata | None]:
    """(version of record or preprint, the arXiv entry when there is one)."""
    ep = project.settings.endpoints
    if ident.scheme == "doi":
        meta = fetch_crossref(fetcher, ep.crossref_api, ident.value)
        if meta is None:
            raise AddError(
                f"Crossref has no work with the DOI {ident.value}",
                f"check it at {doi_url(ident.value)}; DOIs registered elsewhere (e.g. DataCite) "
                "must be added by hand, see CONTRIBUTING.md",
            )
        return meta, None
    preprint = fetch_arxiv(fetcher, ep.arxiv_api, ident)
    if preprint is None:
        raise AddError(f"arXiv has no paper with the id {ident.value}", f"check it at {arxiv_url(ident.value)}")
    if preprint.doi:
        dup = find_duplicate(project.catalog.papers, doi=preprint.doi)
        if dup:
            raise dup
        published = fetch_crossref(fetcher, ep.crossref_api, preprint.doi)
        if published is not None:
            notes.append(f"arXiv links the published version {preprint.doi}; its metadata comes from Crossref")
            return published, preprint
        notes.append(f"arXiv names the DOI {preprint.doi}, which Crossref does not know; kept from arXiv only")
    return preprint, preprint


def _venue(project: Project, meta: Metadata, choice: str | None) -> Venue:
    venues = project.catalog.venues
    if choice:
        if choice not in venues:
            raise AddError(
                f"--venue {choice}: no venue has this id in data/venues.yaml", f"known ids: {', '.join(sorted(venues))}"
            )
        return venues[choice]
    if meta.source == "arXiv":
        preprint = venues.get("arxiv") or next((v for v in venues.values() if v.kind == "preprint"), None)
        if preprint is None:
            raise AddError(
                "data/venues.yaml has no preprint venue for an arXiv-only paper",
                "add `- {id: arxiv, short: arXiv, name: arXiv preprint, kind: preprint}` to it",
            )
        return preprint
    found = match_venue(venues.values(), meta.venue_names, meta.issn)
    if found is None:
        raise unknown_venue(venues.values(), meta.venue_names, meta.issn)
    return found


def _ask_missing(choices: Choices, prompter: Prompter | None, known_datasets: list[str]) -> None:
    if prompter is None:
        return
    if not choices.category:
        choices.category = prompter.ask("Category", choices=CATEGORIES, required=True)
    if choices.method is None:
        choices.method = prompter.ask("Method name, e.g. PIR (empty for none)") or None
    if choices.code is None:
        choices.code = prompter.ask("Official code repository URL (empty for none)") or None
    if not choices.datasets:
        answer = prompter.ask(f"Datasets evaluated on, comma-separated ({', '.join(known_datasets)}; empty for none)")
        choices.datasets = [d.strip() for d in answer.split(",") if d.strip()]


def plan_paper(
    settings: Settings,
    ident: Identifier,
    choices: Choices,
    fetcher: Fetcher,
    prompter: Prompter | None = None,
    today: dt.date | None = None,
    project: Project | None = None,
) -> Planned:
    project = project or Project.load(settings)
    papers = project.catalog.papers
    # Refuse a known paper before asking any server.
    dup = find_duplicate(
        papers,
        doi=ident.value if ident.scheme == "doi" else None,
        arxiv=ident.value if ident.scheme == "arxiv" else None,
    )
    if dup:
        raise dup
    if choices.category is None and prompter is None:
        raise AddError(
            f"--category is required: one of {', '.join(CATEGORIES)}",
            "stdin is not a terminal, so nothing was asked; pass --category",
        )
    notes: list[str] = []
    meta, preprint = _fetch(project, ident, fetcher, notes)
    keep = [p.method for p in papers if p.method] + [d.name for d in project.catalog.datasets]
    if choices.method:
        keep.append(choices.method)
    missing = [
        name for name, value in (("title", meta.title), ("authors", meta.authors), ("year", meta.year)) if not value
    ]
    if missing:
        raise AddError(
            f"{meta.source}'s record for {ident} has no {' or '.join(missing)}",
            "these are never guessed: add the paper by hand (see CONTRIBUTING.md)",
        )
    assert meta.title is not None and meta.year is not None
    title = clean_title(meta.title, keep)
    doi = meta.doi or (ident.value if ident.scheme == "doi" else None)
    arxiv = (preprint.arxiv if preprint else None) or (ident.value if ident.scheme == "arxiv" else None)
    dup = find_duplicate(papers, doi=doi, arxiv=arxiv, title=title)
    if dup:
        raise dup
    venue = _venue(project, meta, choices.venue)
    _ask_missing(choices, prompter, sorted(d.id for d in project.catalog.datasets))
    if preprint and preprint is not meta and preprint.title:
        earlier = clean_title(preprint.title, keep)
        earlier_titles = [earlier] if normalise_title(earlier) != normalise_title(title) else []
    else:
        earlier_titles = []

    links: dict[str, Any] = {}
    if meta.url:
        links["paper"] = meta.url
    elif doi:
        links["paper"] = doi_url(doi)
    elif arxiv:
        links["paper"] = arxiv_url(arxiv)
    if doi:
        links["doi"] = doi
    if arxiv:
        links["arxiv"] = arxiv
    if choices.code:
        links["code"] = choices.code
    if choices.project:
        links["project"] = choices.project

    taken = {p.id for p in papers} | {f.stem for f in (settings.path(settings.data_dir) / "papers").glob("*.yaml")}
    record_id = choices.id or make_id(choices.method, title, meta.year, venue.id, taken)
    record: dict[str, Any] = {
        "id": record_id,
        "title": title,
        "earlier_titles": earlier_titles,
        "authors": meta.authors,
        "venue": venue.id,
        "year": meta.year,
        "published_online": meta.online_year,
        "volume": meta.volume,
        "number": meta.number,
        "pages": meta.pages,
        "category": choices.category,
        "method": choices.method,
        "links": links,
        "datasets": list(dict.fromkeys(choices.datasets)),
        "added": today or dt.date.today(),
        "note": choices.note,
    }
    record = {k: v for k, v in record.items() if v not in (None, [], {}, "")}
    if venue.kind == "preprint":
        for k in ("volume", "number", "pages"):
            record.pop(k, None)

    rel = f"{settings.data_dir}/papers/{record_id}.yaml"
    path = settings.root / rel
    text = dump_record(record, Kind.paper, schema_ref(path, Kind.paper, settings.path(settings.schema_dir)))
    check_record(project, rel, text)
    return Planned(path, rel, text, record, notes)


def check_record(project: Project, rel: str, text: str) -> None:
    """Validate the new file's text with every existing record; raise with every problem found."""
    status, data = parse(text)
    if status != "ok" or not isinstance(data, dict):  # pragma: no cover - fmt's own check comes first
        raise AddError("the new record is not valid YAML (an rsitr-list bug)")
    others = [f for f in project.files if f.path != rel]
    if len(others) != len(project.files) or (project.settings.root / rel).exists():
        raise AddError(f"{rel} exists already", "pass --id with another id, or edit that file")
    catalog, diags = validate([*others, RawFile(rel, Kind.paper.value, data)], project.failed)
    problems = errors(diags)
    if problems and not any(p.source and p.source.as_posix() == rel for p in catalog.papers):
        # The record failed its field checks, so the rules skipped it: check its references
        # here too, so that one run names every problem.
        known = {d.id for d in catalog.datasets}
        problems += [
            missing_reference("unknown-reference", rel, ("datasets", i), d, "dataset", known)
            for i, d in enumerate(data.get("datasets") or [])
            if isinstance(d, str) and d not in known
        ]
    if not problems:
        return
    tree = yaml.compose(text)
    lines = []
    for d in problems:
        if d.path == rel:
            d = d.at(*positions.locate(tree, d.loc))
        lines.append(Diagnostic.format(d))
    raise AddError(
        "the new record does not validate; nothing was written:\n" + "\n".join(lines),
        "fix the flag or answer named above and run again",
    )
