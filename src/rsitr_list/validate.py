"""Validate parsed documents into a typed Catalog, collecting every problem."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from pathlib import PurePosixPath
from typing import Any

from pydantic import ValidationError

from . import rules
from .catalog import Catalog
from .diagnostics import Diagnostic
from .field_errors import to_diagnostics
from .kinds import KINDS, RECORD_DIRS, SINGLE_FILES, Kind
from .load import RawFile
from .models import VenueRegistry
from .models.base import Record

MODELS: dict[str, type[Record]] = {spec.kind: spec.model for spec in KINDS}


def _place_venues(catalog: Catalog, reg: VenueRegistry) -> None:
    catalog.venues = {v.id: v for v in reg.venues}


# Where a valid record goes in the catalog.
PLACERS: dict[str, Callable[[Catalog, Any], None]] = {
    Kind.paper: lambda c, r: c.papers.append(r),
    Kind.dataset: lambda c, r: c.datasets.append(r),
    Kind.list: lambda c, r: setattr(c, "meta", r),
    Kind.venues: _place_venues,
    Kind.benchmarks: lambda c, r: setattr(c, "benchmarks", r),
    # Catalog.results holds rows; each row reaches its file's provenance through `row.table`.
    Kind.result: lambda c, r: c.results.extend(r.results),
}


def _note_failure(catalog: Catalog, path: str, kind: str | None, data: object = None) -> None:
    if kind is None:
        return
    if kind in SINGLE_FILES.values():
        catalog.failed_files.add(kind)
        return
    ids = catalog.failed_ids.setdefault(kind, set())
    ids.add(PurePosixPath(path).stem)  # the id-filename rule makes the file name the id
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        ids.add(data["id"])


def _kind_of(path: str) -> str | None:
    p = PurePosixPath(path)
    return SINGLE_FILES.get(p.name) if p.parent.name not in RECORD_DIRS else RECORD_DIRS[p.parent.name]


def validate(
    files: list[RawFile], failed_paths: Iterable[str] = (), changed: Callable[[], AbstractSet[str] | None] | None = None
) -> tuple[Catalog, list[Diagnostic]]:
    """Field checks per file, then every cross-record rule.

    ``failed_paths`` are the files that could not be loaded at all; like records that
    fail their field checks, they are remembered so that rules do not report
    references to them a second time. Records that fail their field checks still go
    through the reference and duplicate rules on their raw data, so that one run
    reports every problem of a new file. ``changed`` tells which files are new in this
    change (see git_changes.py); a clash is reported at those.
    """
    catalog = Catalog(changed_paths=changed)
    diags: list[Diagnostic] = []
    for path in failed_paths:
        _note_failure(catalog, path, _kind_of(path))
    for raw in files:
        model = MODELS.get(raw.kind)
        if model is None:
            continue
        try:
            record = model.model_validate(raw.data)
        except ValidationError as exc:
            diags.extend(to_diagnostics(raw.path, model, exc))
            _note_failure(catalog, raw.path, raw.kind, raw.data)
            catalog.failed_records.append(raw)
            continue
        record._source = PurePosixPath(raw.path)
        PLACERS[raw.kind](catalog, record)
    diags.extend(rules.run_all(catalog))
    return catalog, diags
