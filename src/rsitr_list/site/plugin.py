"""The MkDocs plugin (``plugins: [rsitr-list]``): loads data/ and generates the data pages.

It runs the same load-and-validate pipeline as ``rsitr-list validate``; invalid
data fails the build with the same diagnostics. ``rsitr-list build`` hands it the
settings and the already-validated catalog, so the data is read once.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..derive import Derived, derive
from ..diagnostics import summary_line
from ..pipeline import load_catalog
from ..settings import Settings, SettingsError, load_settings
from . import pages
from .fragments import GENERATED, Filler, stub

log = logging.getLogger("mkdocs.plugins.rsitr-list")


class RsitrListPlugin(BasePlugin):
    def __init__(self) -> None:
        # Set by rsitr_list.site.build before a build; under `mkdocs build/serve` they stay
        # None and come from pyproject.toml next to mkdocs.yml.
        self.settings: Settings | None = None
        self.derived: Derived | None = None
        self.filler: Filler | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        settings = self.settings
        if settings is None:
            try:
                settings = load_settings(Path(config.config_file_path).parent)
            except SettingsError as e:
                raise PluginError(str(e)) from None
        derived = self.derived
        if derived is None:
            loaded = load_catalog(settings)
            for d in loaded.diagnostics:
                # Warnings are printed at info level: they do not fail `validate`, so they
                # must not fail `mkdocs build --strict` either.
                (log.error if d.severity == "error" else log.info)(d.format())
            if not loaded.ok:
                raise PluginError(f"rsitr-list: validation failed: {summary_line(loaded.diagnostics)}")
            derived = derive(loaded.catalog)
        self.filler = Filler(pages.build(derived), settings.path(settings.templates_dir))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for name in GENERATED:
            files.append(File.generated(config, f"{name}.md", content=stub(name)))
        return files

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.filler is not None
        return self.filler.fill(html, page, files)
