"""The stages in order: load → validate → locate. Everything downstream takes a Catalog."""

from __future__ import annotations

from dataclasses import dataclass

from . import positions
from .catalog import Catalog
from .diagnostics import Diagnostic, errors
from .git_changes import lazy_changed_paths
from .load import load_tree
from .settings import Settings
from .validate import validate


@dataclass
class Loaded:
    catalog: Catalog
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not errors(self.diagnostics)


def load_catalog(settings: Settings) -> Loaded:
    files, diags = load_tree(settings.root, settings.data_dir, settings.cache_path)
    changed = lazy_changed_paths(settings.root, settings.links.changed_base)
    catalog, more = validate(files, {d.path for d in diags}, changed)
    return Loaded(catalog, positions.resolve(diags + more, settings.root))
