"""Fill the ``<!-- rsitr:NAME -->`` markers of a page with HTML rendered from the data.

Generated pages are a single marker; hand-written pages (the home page) may hold a
few. The HTML is inserted after Markdown has run, so data never passes through the
Markdown parser (whose extensions could turn text into markup) and huge pages
skip its cost; Material's search still indexes the headings it contains.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from . import pages
from ..core.labels import KINDS, RECALL_LABELS, SETTINGS
from .chart import chart_svg
from .html import html_env

MARKER = re.compile(r"<!-- rsitr:([a-z][a-z-]*) -->")
GENERATED = ("datasets", "methods", "benchmarks")  # pages that exist only as a marker
FRAGMENTS = (*GENERATED, "intro", "counts", "newest")


def stub(name: str) -> str:
    """The whole Markdown source of a generated page: wide tables need the navigation sidebar's room."""
    return f"---\nhide:\n  - navigation\n---\n\n<!-- rsitr:{name} -->\n"


class Filler:
    def __init__(self, data: pages.SiteData, templates_dir: Path):
        self.data = data
        self.env = html_env(templates_dir / "site")
        self.env.globals.update(chart_svg=lambda board: chart_svg(self.env, board), settings=SETTINGS,
                                kinds=KINDS, recall_labels=RECALL_LABELS)

    def fill(self, html: str, page: Page, files: Files) -> str:
        def link(target: str, anchor: str | None = None, query: str | None = None) -> str:
            file = files.get_file_from_path(f"{target}.md")
            if file is None:
                raise PluginError(f"rsitr-list: no page {target}.md to link to")
            url = get_relative_url(file.url, page.url) if file.url != page.url or query else ""
            return url + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")

        def render(match: re.Match) -> str:
            name = match.group(1)
            if name not in FRAGMENTS:
                raise PluginError(f"rsitr-list: unknown marker <!-- rsitr:{name} --> in {page.file.src_uri}")
            try:
                template = self.env.get_template(f"{name}.html.j2")
                return template.render(data=self.data, catalog=self.data.catalog, link=link)
            except jinja2.TemplateSyntaxError as e:
                raise PluginError(f"rsitr-list: {e.filename or e.name}:{e.lineno}: template error: {e.message}") from None
            except jinja2.TemplateError as e:
                raise PluginError(f"rsitr-list: rendering {name}.html.j2 failed: {e}") from None

        out, count = MARKER.subn(render, html)
        if count and page.file.src_uri in {f"{n}.md" for n in GENERATED}:
            entries = pages.toc(self.data, page.file.src_uri[:-3]) or []
            # AnchorLink titles are HTML; the theme prints them unescaped.
            page.toc = get_toc([{"level": 2, "id": e.id, "name": str(escape(e.title)), "children": []}
                                for e in entries])
        return out
