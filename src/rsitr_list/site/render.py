"""Render the site's page tree: the hand-written docs/ plus the pages generated from data.

The result is a plain folder of Markdown and assets that any engine reading
mkdocs.yml builds (MkDocs with Material, or Zensical): no engine hook is needed to
fill it. Data reaches the pages only through autoescaped HTML blocks, which the
Markdown parser passes through untouched (md_in_html leaves nested HTML raw), and
through headings escaped by ``md_heading``, so data text never becomes markup.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import jinja2

from ..core.labels import KINDS, RECALL_LABELS, SETTING_HELP, SETTING_MARKS, SETTINGS
from ..derive import Derived
from ..derive.site import OFF_BOARD
from . import pages
from .chart import chart_svg
from .html import html_env

MARKER = re.compile(r"^<!-- rsitr:([a-z][a-z-]*) -->$", re.MULTILINE)
GENERATED = ("datasets", "methods", "benchmarks")  # pages made from data alone
FRAGMENTS = ("intro", "counts", "newest")  # markers a hand-written page may hold
# Wide tables need the navigation sidebar's room.
FRONT_MATTER = "---\nhide:\n  - navigation\n---\n\n"
# Written into a generated tree so the MkDocs adapter knows not to regenerate it.
STAMP = ".rsitr-generated"


# A generated page is Markdown heading lines and HTML between them. Each HTML run is
# fenced by these comments: any engine reads them as comments, and the MkDocs adapter
# uses them to hand the HTML past Markdown, whose raw-HTML scan of an 18 MB Methods page
# costs seconds and changes nothing.
RAW_OPEN, RAW_CLOSE = "<!-- rsitr:raw -->", "<!-- /rsitr:raw -->"
_HEADING_LINE = re.compile(r"^#{1,6} .* \{: #[a-z0-9-]+ \}$")


def mark_raw(text: str) -> str:
    """Fence every run of lines between heading lines as raw HTML (see RAW_OPEN)."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        body = "\n".join(run).strip("\n")
        if body.strip():
            out.extend(["", RAW_OPEN, body, RAW_CLOSE, ""])
        run.clear()

    for line in text.split("\n"):
        if _HEADING_LINE.match(line):
            flush()
            out.extend(["", line, ""])
        else:
            run.append(line)
    flush()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


class PageError(Exception):
    """A page could not be rendered: a template error, an unknown marker, a bad link."""


def page_url(page: str) -> str:
    """The URL of a page (``methods`` or ``methods.md``) under directory URLs, as both engines use."""
    stem = page[:-3] if page.endswith(".md") else page
    return "" if stem == "index" else f"{stem}/"


def relative_link(from_page: str, target: str, anchor: str | None = None, query: str | None = None) -> str:
    here, there = page_url(from_page), page_url(target)
    url = ""
    if here != there or query:
        depth = here.count("/")
        url = "../" * depth + there or "./"
    return url + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


class Renderer:
    def __init__(self, derived: Derived, templates_dir: Path, known: set[str]):
        self.known = known  # page names a template may link to
        self.data = pages.build(derived)
        self.env = html_env(templates_dir / "site")
        self.env.globals.update(
            chart_svg=lambda board: chart_svg(self.env, board),
            settings=SETTINGS,
            setting_help=SETTING_HELP,
            setting_marks=SETTING_MARKS,
            off_board=OFF_BOARD,
            kinds=KINDS,
            recall_labels=RECALL_LABELS,
        )

    def _render(self, name: str, page: str) -> str:
        def link(target: str, anchor: str | None = None, query: str | None = None) -> str:
            if target not in self.known:
                raise PageError(f"{name}.html.j2 links to an unknown page {target!r}")
            return relative_link(page, target, anchor, query)

        try:
            return self.env.get_template(f"{name}.html.j2").render(data=self.data, catalog=self.data.catalog, link=link)
        except jinja2.TemplateSyntaxError as e:
            raise PageError(f"{e.filename or e.name}:{e.lineno}: template error: {e.message}") from None
        except jinja2.TemplateError as e:
            raise PageError(f"rendering {name}.html.j2 failed: {e}") from None

    def generated(self, name: str) -> str:
        return FRONT_MATTER + mark_raw(self._render(name, f"{name}.md").strip("\n")) + "\n"

    def fill(self, page: str, text: str) -> str:
        """A hand-written page with each ``<!-- rsitr:NAME -->`` line replaced by its HTML."""

        def render(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in FRAGMENTS:
                raise PageError(f"unknown marker <!-- rsitr:{name} --> in docs/{page}")
            return self._render(name, page).strip("\n")

        return MARKER.sub(render, text)


def footer_html(derived: Derived) -> str | None:
    """The footer line linking the repository and its pull requests: plain links, no API call.

    Material's `repo_url` would fetch the repository's stars from the GitHub API on every
    page; the site makes no request to another host, so the footer carries links instead.
    """
    from markupsafe import escape

    links = pages.repository_links(derived.meta.repository)
    if not links:
        return None
    return " · ".join(f'<a href="{escape(link.url)}">{escape(link.label)}</a>' for link in links)


def render_tree(derived: Derived, templates_dir: Path, docs_dir: Path) -> dict[str, bytes]:
    """Every file of the page tree, by path relative to it: docs/ copied (markers filled), generated pages added."""
    files = sorted(p for p in docs_dir.rglob("*") if p.is_file())
    known = {p.relative_to(docs_dir).as_posix()[:-3] for p in files if p.suffix == ".md"} | set(GENERATED)
    renderer = Renderer(derived, templates_dir, known)
    tree: dict[str, bytes] = {}
    for path in files:
        rel = path.relative_to(docs_dir).as_posix()
        if PurePosixPath(rel).stem in GENERATED and rel.endswith(".md"):
            raise PageError(f"docs/{rel} would hide the generated page of that name; rename it")
        data = path.read_bytes()
        if rel.endswith(".md"):
            data = renderer.fill(rel, data.decode("utf-8")).encode("utf-8")
        tree[rel] = data
    for name in GENERATED:
        tree[f"{name}.md"] = renderer.generated(name).encode("utf-8")
    tree[STAMP] = b"Generated by rsitr-list from docs/, data/ and templates/site/; edit those instead.\n"
    return tree


def write_tree(tree: dict[str, bytes], dest: Path) -> None:
    """Make ``dest`` hold exactly ``tree``, touching only files that change.

    Unchanged files keep their modification time, so `mkdocs serve`, which watches
    the tree, does not rebuild in a loop after each regeneration.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for rel, data in tree.items():
        path = dest / rel
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for path in sorted(dest.rglob("*"), reverse=True):
        rel = path.relative_to(dest).as_posix()
        if path.is_file() and rel not in tree:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def error_tree(docs_dir: Path, diagnostics: list) -> dict[str, bytes]:
    """A page tree that shows why the data pages cannot be built (for `mkdocs serve`)."""
    from markupsafe import escape

    lines = "\n".join(str(escape(d.format())) for d in diagnostics if d.severity == "error")
    page = (
        FRONT_MATTER + "# The data has errors {: #errors }\n\n"
        "<p>Fix these and save; the page reloads. <code>rsitr-list validate</code> prints the same list.</p>\n\n"
        f'<pre class="rsitr-errors">{lines}</pre>\n'
    ).encode("utf-8")
    tree = {
        p.relative_to(docs_dir).as_posix(): p.read_bytes()
        for p in sorted(docs_dir.rglob("*"))
        if p.is_file() and p.suffix != ".md"
    }
    for p in sorted(docs_dir.rglob("*.md")):
        tree[p.relative_to(docs_dir).as_posix()] = page
    for name in GENERATED:
        tree[f"{name}.md"] = page
    tree[STAMP] = b"Generated by rsitr-list: the data has errors.\n"
    return tree
