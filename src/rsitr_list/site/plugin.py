"""MkDocs adapter (``plugins: [rsitr-list]``) so `mkdocs serve` and `mkdocs build` work on mkdocs.yml.

The site does not depend on it: `rsitr-list build` renders the page tree itself and
runs either engine over it. Under plain MkDocs this adapter does the same first step
(render the tree into the build folder and point docs_dir there) and, for `serve`,
watches docs/, data/ and templates/ so an edit there regenerates the pages. Zensical
ignores the plugin entry.
"""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ..derive import derive
from ..diagnostics import report
from ..pipeline import load_catalog
from ..settings import SettingsError, load_settings
from .build import SiteBuildError, prepare
from .render import RAW_CLOSE, RAW_OPEN, STAMP, error_tree, footer_html, write_tree

log = logging.getLogger("mkdocs.plugins.rsitr-list")
_RAW = re.compile(re.escape(RAW_OPEN) + r"\n(.*?)\n" + re.escape(RAW_CLOSE), re.S)
_PLACEHOLDER = "RSITRRAW{}RSITRRAW"  # letters and digits only: Markdown leaves it a plain paragraph
_PARAGRAPH = re.compile(r"<p>RSITRRAW(\d+)RSITRRAW</p>")


class RsitrListPlugin(BasePlugin):
    def __init__(self) -> None:
        self.root: Path | None = None
        self.serving = False
        self._stash: dict[int, list[str]] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if (Path(config.docs_dir) / STAMP).is_file():
            return config  # already a generated tree: `rsitr-list build` made it
        root = Path(config.config_file_path).parent
        self.root = root
        try:
            settings = load_settings(root)
        except SettingsError as e:
            raise PluginError(str(e)) from None
        build_dir = settings.site_build_path or Path(tempfile.mkdtemp(prefix="rsitr-site-"))
        loaded = load_catalog(settings)
        for severity, line in report(loaded.diagnostics, show_warnings=False):
            # Warnings at info level: they do not fail `validate`, so they must not
            # fail `mkdocs build --strict` either.
            (log.error if severity == "error" else log.info)(line)
        if not loaded.ok:
            if not self.serving:
                raise PluginError("rsitr-list: validation failed; run `rsitr-list validate` for the list")
            # While serving, show the problems in the browser instead of a page that never loads.
            write_tree(error_tree(Path(config.docs_dir), loaded.diagnostics), build_dir / "docs")
        else:
            derived = derive(loaded.catalog)
            footer = footer_html(derived)
            if footer:
                config["copyright"] = footer  # as the generated config of `rsitr-list build` sets it
            try:
                prepare(settings, derived, build_dir, Path(config.config_file_path))
            except SiteBuildError as e:
                raise PluginError(f"rsitr-list: {e}") from None
        config.docs_dir = str(build_dir / "docs")
        return config

    def on_page_markdown(self, markdown: str, page: Any, config: MkDocsConfig, files: Any) -> str:
        """Hand each fenced HTML run past Markdown: a placeholder now, the HTML back after."""
        stash: list[str] = []

        def keep(match: re.Match[str]) -> str:
            stash.append(match.group(0))  # the fence comments too, as Markdown would have kept them
            return f"\n\n{_PLACEHOLDER.format(len(stash) - 1)}\n\n"

        self._stash[id(page)] = stash
        return _RAW.sub(keep, markdown)

    def on_page_content(self, html: str, page: Any, config: MkDocsConfig, files: Any) -> str:
        stash = self._stash.pop(id(page), [])
        if not stash:
            return html
        return _PARAGRAPH.sub(lambda m: stash[int(m.group(1))], html)

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        if self.root is not None:
            for folder in ("docs", "data", "templates"):
                if (self.root / folder).is_dir():
                    server.watch(str(self.root / folder))
        return server
