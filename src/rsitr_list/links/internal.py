"""Offline checks of the generated README and site: relative links must point at files
that exist, and `#anchors` at headings or ids that exist (GitHub-style slugs in
Markdown, element ids in HTML). Nothing here touches the network.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..core.escape import github_slug
from .targets import Source
from .verdicts import Verdict

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_HTML_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_HTML_ANCHOR = re.compile(r"""<a\s[^>]*?(?:id|name)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~$<>])")
_MD_LINK_TEXT = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    source: Source
    link: str
    verdict: Verdict  # BROKEN (no such file) or MISSING_FRAGMENT
    message: str


@dataclass(frozen=True)
class ExternalLink:
    url: str
    source: Source


def _heading_text(raw: str) -> str:
    """The text GitHub renders for a heading written in Markdown."""
    text = _MD_LINK_TEXT.sub(r"\1", raw)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


class MarkdownDoc:
    def __init__(self, path: Path, rel: str):
        self.rel = rel
        self.anchors: set[str] = set()
        self.links: list[tuple[int, str]] = []
        seen: Counter[str] = Counter()
        in_fence = False
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _FENCE.match(line):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            if m := _HEADING.match(line):
                slug = str(github_slug(_heading_text(m.group(2))))
                # GitHub numbers repeated headings: intro, intro-1, intro-2 ...
                self.anchors.add(slug if not seen[slug] else f"{slug}-{seen[slug]}")
                seen[slug] += 1
            self.anchors.update(a for a in _HTML_ANCHOR.findall(line))
            for regex in (_INLINE_LINK, _HTML_HREF):
                self.links.extend((n, target) for target in regex.findall(line))
            if m := _REF_DEF.match(line):
                self.links.append((n, m.group(1)))

    def has_anchor(self, fragment: str) -> bool:
        name = unquote(fragment)
        return name in self.anchors or name.lower() in self.anchors


class _HtmlScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif (name == "href" and tag in ("a", "link", "area")) or (name == "src" and tag in ("img", "script")):
                self.links.append((self.getpos()[0], value))


class HtmlDoc:
    def __init__(self, path: Path, rel: str):
        self.rel = rel
        scan = _HtmlScan()
        scan.feed(path.read_text(encoding="utf-8", errors="replace"))
        scan.close()
        self.anchors = scan.ids
        self.links = scan.links

    def has_anchor(self, fragment: str) -> bool:
        return unquote(fragment) in self.anchors


class _Docs:
    """Parsed documents by path, each parsed once."""

    def __init__(self, root: Path):
        self.root = root
        self._docs: dict[Path, MarkdownDoc | HtmlDoc | None] = {}

    def get(self, path: Path) -> MarkdownDoc | HtmlDoc | None:
        if path not in self._docs:
            rel = path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)
            doc: MarkdownDoc | HtmlDoc | None = None
            try:
                if path.suffix.lower() in (".md", ".markdown"):
                    doc = MarkdownDoc(path, rel)
                elif path.suffix.lower() in (".html", ".htm"):
                    doc = HtmlDoc(path, rel)
            except (OSError, UnicodeDecodeError):
                doc = None
            self._docs[path] = doc
        return self._docs[path]


def _check_link(
    docs: _Docs, doc: MarkdownDoc | HtmlDoc, page: Path, line: int, link: str, site_root: Path | None, site_prefix: str
) -> Problem | None:
    parts = urlsplit(link)
    source = Source(path=doc.rel, line=line)
    if parts.path:
        rel = unquote(parts.path)
        if rel.startswith("/"):
            if site_root is None:
                return None  # an absolute path in a README means the GitHub site, not a file here
            rel = rel[len(site_prefix) :] if site_prefix and rel.startswith(site_prefix) else rel
            target = site_root / rel.lstrip("/")
        else:
            target = page.parent / rel
        if target.is_dir():
            index = target / "index.html"
            target = index if (site_root is not None and index.is_file()) else target
        if not target.exists():
            shown = PurePosixPath(rel).as_posix()
            return Problem(source, link, Verdict.BROKEN, f"links to {shown}, which does not exist")
    else:
        target = page
    if parts.fragment and target.is_file():
        other = docs.get(target.resolve() if target != page else page)
        if other is not None and not other.has_anchor(parts.fragment):
            where = "this page" if target == page else target.name
            kind = "heading or anchor" if isinstance(other, MarkdownDoc) else "element with id"
            return Problem(source, link, Verdict.MISSING_FRAGMENT, f"no {kind} '#{unquote(parts.fragment)}' in {where}")
    return None


def check_readme(root: Path, readme: str) -> tuple[list[Problem], list[ExternalLink]]:
    """Problems with the README's internal links, and its external links (checked online elsewhere)."""
    path = (root / readme).resolve()
    docs = _Docs(root.resolve())
    doc = docs.get(path)
    if not isinstance(doc, MarkdownDoc):
        return [], []
    problems: list[Problem] = []
    external: list[ExternalLink] = []
    for line, link in doc.links:
        if _EXTERNAL.match(link):
            if link.lower().startswith(("http://", "https://")):
                external.append(ExternalLink(link, Source(path=doc.rel, line=line)))
            continue
        if problem := _check_link(docs, doc, path, line, link, None, ""):
            problems.append(problem)
    return problems, external


def check_site(root: Path, site_dir: str, site_url: str | None = None) -> list[Problem]:
    """Problems with the internal links of every HTML page under site_dir (if it was built)."""
    site = (root / site_dir).resolve()
    if not site.is_dir():
        return []
    prefix = urlsplit(site_url).path.rstrip("/") if site_url else ""
    docs = _Docs(root.resolve())
    problems = []
    for page in sorted(site.rglob("*.html")):
        doc = docs.get(page)
        if not isinstance(doc, HtmlDoc):
            continue
        for line, link in doc.links:
            if not link or _EXTERNAL.match(link):
                continue
            if problem := _check_link(docs, doc, page, line, link, site, prefix):
                problems.append(problem)
    return problems
