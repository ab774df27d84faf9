"""Metadata from Crossref (`/works/<doi>`) and the arXiv Atom API, read defensively.

A server's answer is untrusted input: every field is type-checked, anything of the
wrong shape is left out (or, if the answer as a whole is unusable, reported), and XML
is parsed with defusedxml so entity tricks cannot expand or reach the disk.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from ..models.types import ARXIV_RE, DOI_RE, URL_RE
from .clean import clean_name, strip_markup
from .errors import AddError
from .http import Fetcher
from .ids import Identifier

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
MAX_AUTHORS = 500
_SHORT = 40  # volume, issue and page texts longer than this are not what they claim


@dataclass
class Metadata:
    source: str
    title: str | None = None  # raw: clean_title runs later, once the method name is known
    authors: list[str] = field(default_factory=list)
    venue_names: list[str] = field(default_factory=list)
    issn: list[str] = field(default_factory=list)
    year: int | None = None
    online_year: int | None = None
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    doi: str | None = None
    arxiv: str | None = None
    url: str | None = None
    work_type: str | None = None
    journal_ref: str | None = None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _first_str(value: Any) -> str | None:
    if isinstance(value, list):
        return next((v for v in value if _str(v)), None)
    return _str(value)


def _short(value: Any) -> str | None:
    text = _str(value)
    if text is None:
        return None
    text = strip_markup(text)
    return text if 0 < len(text) <= _SHORT else None


def _year(date: Any) -> int | None:
    """The year of a Crossref date: {"date-parts": [[2024, 4, 12]]}."""
    if not isinstance(date, dict):
        return None
    parts = date.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        y = parts[0][0]
        if isinstance(y, int) and not isinstance(y, bool) and 1900 <= y <= 2200:
            return y
    return None


def _unreadable(service: str, what: str) -> AddError:
    return AddError(
        f"{service} sent an answer rsitr-list cannot read ({what})",
        "try again later with --refresh; if it persists, add the record by hand (see CONTRIBUTING.md)",
    )


def parse_crossref(body: bytes) -> Metadata:
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError):
        raise _unreadable("Crossref", "not JSON") from None
    if not isinstance(doc, dict) or doc.get("status") != "ok" or not isinstance(doc.get("message"), dict):
        raise _unreadable("Crossref", "no work in it")
    if doc.get("message-type") not in (None, "work"):
        raise _unreadable("Crossref", f"a {str(doc.get('message-type'))[:30]} instead of a work")
    m: dict[str, Any] = doc["message"]
    meta = Metadata("Crossref")
    meta.title = _first_str(m.get("title"))
    authors = m.get("author")
    if isinstance(authors, list):
        for a in authors[:MAX_AUTHORS]:
            if not isinstance(a, dict):
                continue
            given, family, name = _str(a.get("given")), _str(a.get("family")), _str(a.get("name"))
            full = " ".join(p for p in (given, family) if p) if family else (name or given)
            if full:
                cleaned = clean_name(full)
                if cleaned and cleaned not in meta.authors:
                    meta.authors.append(cleaned)
    containers = m.get("container-title")
    short = m.get("short-container-title")
    for value in (containers, short):
        if isinstance(value, list):
            meta.venue_names += [strip_markup(v) for v in value if _str(v)][:5]
        elif isinstance(value, str) and value.strip():
            meta.venue_names.append(strip_markup(value))
    event = m.get("event")
    if isinstance(event, dict) and _str(event.get("name")):
        meta.venue_names.append(strip_markup(event["name"]))
    issns = m.get("ISSN")
    if isinstance(issns, list):
        meta.issn = [i.strip() for i in issns if isinstance(i, str) and re.fullmatch(r"\d{4}-\d{3}[\dXx]", i.strip())]
    printed = _year(m.get("published-print")) or _year(m.get("issued")) or _year(m.get("published"))
    online = _year(m.get("published-online"))
    meta.year = printed or online
    if online and meta.year and online < meta.year:
        meta.online_year = online
    meta.volume, meta.number, meta.pages = _short(m.get("volume")), _short(m.get("issue")), _short(m.get("page"))
    if meta.pages:
        meta.pages = meta.pages.replace("–", "-")
    doi = _str(m.get("DOI"))
    meta.doi = doi.strip() if doi and DOI_RE.match(doi.strip()) else None
    resource = m.get("resource")
    primary = resource.get("primary") if isinstance(resource, dict) else None
    url = _str(primary.get("URL")) if isinstance(primary, dict) else None
    meta.url = url if url and URL_RE.match(url) and len(url) < 500 else None
    meta.work_type = _str(m.get("type"))
    return meta


def _text(el: Element | None) -> str | None:
    return el.text if el is not None and el.text and el.text.strip() else None


def parse_arxiv(body: bytes, wanted: Identifier) -> Metadata | None:
    """The entry for `wanted`, or None when arXiv has no such paper. The API's error entry is an AddError."""
    try:
        root = safe_xml.fromstring(body, forbid_dtd=True)
    except (safe_xml.ParseError, DefusedXmlException, ValueError):
        raise _unreadable("arXiv", "not an Atom feed") from None
    if root.tag != f"{ATOM}feed":
        raise _unreadable("arXiv", "not an Atom feed")
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        entry_id = _text(entry.find(f"{ATOM}id")) or ""
        if "/api/errors" in entry_id:
            summary = strip_markup(_text(entry.find(f"{ATOM}summary")) or "unknown error")[:200]
            raise AddError(
                f"arXiv rejected the id {wanted.value}: {summary}",
                "check the id: new-style ids look like 2306.11029, old-style ones like cs/0112017",
            )
        m = re.search(r"/abs/(.+?)(?:v(\d+))?$", entry_id.strip())
        if not m or m.group(1) != wanted.value:
            continue
        title = _text(entry.find(f"{ATOM}title"))
        if title is None:
            return None  # the API's answer for a well-formed id that does not exist
        meta = Metadata("arXiv", title=title, arxiv=m.group(1) if ARXIV_RE.match(m.group(1)) else None)
        for a in entry.findall(f"{ATOM}author")[:MAX_AUTHORS]:
            name = _text(a.find(f"{ATOM}name"))
            cleaned = clean_name(name) if name else ""
            if cleaned and cleaned not in meta.authors:
                meta.authors.append(cleaned)
        published = _text(entry.find(f"{ATOM}published")) or ""
        y = re.match(r"^((?:19|20)\d{2})-", published.strip())
        meta.year = int(y.group(1)) if y else None
        doi = _text(entry.find(f"{ARXIV}doi"))
        meta.doi = doi.strip() if doi and DOI_RE.match(doi.strip()) else None
        ref = _text(entry.find(f"{ARXIV}journal_ref"))
        meta.journal_ref = strip_markup(ref)[:300] if ref else None
        meta.url = f"https://arxiv.org/abs/{wanted.value}"
        return meta
    return None


def fetch_crossref(fetcher: Fetcher, base: str, doi: str) -> Metadata | None:
    body = fetcher.get(base, f"/works/{quote(doi, safe='/:;()._-')}", what="Crossref", setting="crossref_api")
    return None if body is None else parse_crossref(body)


def fetch_arxiv(fetcher: Fetcher, base: str, ident: Identifier) -> Metadata | None:
    body = fetcher.get(
        base, "", {"id_list": ident.value, "max_results": "1"}, what="the arXiv API", setting="arxiv_api"
    )
    return None if body is None else parse_arxiv(body, ident)
