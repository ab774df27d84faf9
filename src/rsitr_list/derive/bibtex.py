"""BibTeX entries for papers, built only from what the record states.

Nothing is guessed: author names are kept as written ("First Last" is a form BibTeX
parses itself), and volume, pages or publisher appear only when the data has them
(it does not, yet), so they are left out rather than invented.
"""

from __future__ import annotations

import re
import unicodedata

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

ENTRY_TYPES = {"journal": "article", "conference": "inproceedings", "workshop": "inproceedings",
               "preprint": "misc"}


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


def bibtex(paper: Paper, venue: Venue | None) -> str:
    kind = venue.kind if venue else "journal"
    entry_type = ENTRY_TYPES[kind]
    fields: list[tuple[str, str]] = [
        # Double braces keep the capitalisation of acronyms such as CLIP or RSICD.
        ("title", "{" + latex_escape(paper.title) + "}"),
    ]
    # Unknown authors, venue or year are left out of the entry, never filled in.
    if paper.authors:
        fields.append(("author", " and ".join(_author(a) for a in paper.authors)))
    venue_name = latex_escape(venue.name if venue else paper.venue) if venue or paper.venue else None
    if venue_name and entry_type == "article":
        fields.append(("journal", venue_name))
    elif venue_name and entry_type == "inproceedings":
        fields.append(("booktitle", venue_name))
    if paper.year is not None:
        fields.append(("year", str(paper.year)))
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
    return f"@{entry_type}{{{cite_key(paper)},\n{body}\n}}"
