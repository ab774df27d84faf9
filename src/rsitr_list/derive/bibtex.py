"""BibTeX entries for papers, built only from what the record states.

Nothing is guessed: author names are kept as written ("First Last" is a form BibTeX
parses itself), and volume, number, pages and publisher appear only when the record
and its venue state them. The entry type follows the venue's kind; `journal` or
`booktitle` is the venue's full name; an arXiv id is added as an eprint beside the
published venue, never in its place.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from ..catalog import Catalog
from ..models import Paper, Venue

# LaTeX's special characters, escaped so a title cannot break the entry or the document.
_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _LATEX_SPECIAL))
_WS = re.compile(r"\s+")
_STOP_WORDS = {"a", "an", "the", "on", "of", "for", "to", "in", "and", "with", "towards", "toward"}

ENTRY_TYPES = {"journal": "article", "conference": "inproceedings", "workshop": "inproceedings", "preprint": "misc"}


def latex_escape(text: str) -> str:
    return _SPECIAL_RE.sub(lambda m: _LATEX_SPECIAL[m.group(0)], _WS.sub(" ", text).strip())


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[A-Za-z0-9]+", folded)


def cite_key(paper: Paper) -> str:
    """The familiar surname-year-word key, e.g. ``liu2024remoteclip``; the record id if that fails."""
    surname = _ascii_words(paper.authors[0]) if paper.authors else []
    words = [w for w in _ascii_words(paper.title) if w.lower() not in _STOP_WORDS]
    if not surname or not words or paper.year is None:
        return paper.id
    return f"{surname[-1].lower()}{paper.year}{words[0].lower()}"


def _author(name: str) -> str:
    # A name that itself contains the word "and" would split into two authors.
    escaped = latex_escape(name)
    return f"{{{escaped}}}" if re.search(r"\band\b", name, re.IGNORECASE) else escaped


def cite_keys(papers: list[Paper]) -> dict[str, str]:
    """Paper id → a citation key unique in the list, stable as papers are added.

    Papers sharing a key are told apart by letters in the order they were added (then
    by id): the first keeps the bare key, so adding a paper later never renames an
    existing key unless its `added` date is older than theirs.
    """
    groups: dict[str, list[Paper]] = defaultdict(list)
    for p in papers:
        groups[cite_key(p)].append(p)
    keys = {}
    taken = set(groups)
    for key, group in groups.items():
        for i, p in enumerate(sorted(group, key=lambda p: (p.added, p.id))):
            if i == 0:
                keys[p.id] = key
                continue
            n = i
            while True:
                candidate = key + _letters(n)
                n += 1
                if candidate not in taken:
                    break
            taken.add(candidate)
            keys[p.id] = candidate
    return keys


def _letters(n: int) -> str:
    """1 → b, 2 → c, ... 25 → z, 26 → ba: the suffixes after the bare key."""
    out = ""
    while n:
        n, r = divmod(n, 26)
        out = "abcdefghijklmnopqrstuvwxyz"[r] + out
    return out


def _pages(pages: str) -> str:
    # BibTeX's page ranges use an en dash, written "--".
    return re.sub(r"\s*[-–—]+\s*", "--", pages.strip())


def bibtex(paper: Paper, venue: Venue | None, key: str | None = None) -> str:
    kind = venue.kind if venue else "journal"
    entry_type = ENTRY_TYPES[kind]
    fields: list[tuple[str, str]] = [
        # Double braces keep the capitalisation of acronyms such as CLIP or RSICD.
        ("title", "{" + latex_escape(paper.title) + "}"),
    ]
    # Unknown authors, venue or year are left out of the entry, never filled in.
    if paper.authors:
        fields.append(("author", " and ".join(_author(a) for a in paper.authors)))
    venue_text = venue.name if venue else paper.venue
    venue_name = latex_escape(venue_text) if venue_text else None
    if venue_name and entry_type == "article":
        fields.append(("journal", venue_name))
    elif venue_name and entry_type == "inproceedings":
        fields.append(("booktitle", venue_name))
    if paper.year is not None:
        fields.append(("year", str(paper.year)))
    if entry_type != "misc":
        for name in ("volume", "number"):
            value = getattr(paper, name, None)
            if value:
                fields.append((name, latex_escape(value)))
        pages = getattr(paper, "pages", None)
        if pages:
            fields.append(("pages", latex_escape(_pages(pages))))
        if venue and venue.publisher:
            fields.append(("publisher", latex_escape(venue.publisher)))
    links = paper.links
    if links.doi:
        fields.append(("doi", latex_escape(links.doi)))
    if links.arxiv:
        fields += [("eprint", links.arxiv), ("archiveprefix", "arXiv")]
    if links.paper:
        # URLs are verbatim in BibTeX's url field; only braces could end the value early.
        fields.append(("url", links.paper.replace("{", "%7B").replace("}", "%7D")))
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{key or cite_key(paper)},\n{body}\n}}"


def bibtex_entries(catalog: Catalog) -> dict[str, str]:
    """Paper id → its entry, with keys unique across the list (the site and refs.bib share them)."""
    keys = cite_keys(catalog.papers)
    return {p.id: bibtex(p, catalog.venue_of(p), keys[p.id]) for p in catalog.papers}
