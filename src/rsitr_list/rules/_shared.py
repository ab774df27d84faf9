"""Helpers the cross-record rules share."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from ..catalog import Catalog
from ..diagnostics import Diagnostic, Loc, did_you_mean
from ..models import Record
from ..models.types import ID_RE

R = TypeVar("R", bound=Record)


def path_of(record: Record) -> str:
    return record.source.as_posix() if record.source else "<unknown>"


# A record, or the path of a failed one: rules resolve a record's path only for a
# diagnostic, because reading it goes through pydantic's private attributes (slow).
Where = Record | str


def where_path(where: Where) -> str:
    return where if isinstance(where, str) else path_of(where)


# --- records that failed their field checks ------------------------------------------------


def failed(catalog: Catalog, kind: str) -> Iterator[tuple[str, dict]]:
    """(path, raw document) of each record of this kind that failed its field checks."""
    for raw in catalog.failed_records:
        if raw.kind == kind and isinstance(raw.data, dict):
            yield raw.path, raw.data


def raw_get(data: Any, *path: str | int) -> Any:
    """The value at ``path`` in a raw document, or None where any step is missing or of the wrong type."""
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or not 0 <= part < len(data):
                return None
        elif not isinstance(data, dict):
            return None
        data = data[part] if isinstance(part, int) else data.get(part)
    return data


def raw_id(data: Any, *path: str | int) -> str | None:
    """An id at ``path`` that is well formed (a malformed one has its own id-syntax error)."""
    value = raw_get(data, *path)
    return value if isinstance(value, str) and ID_RE.match(value) else None


def raw_list(data: Any, *path: str | int) -> list:
    value = raw_get(data, *path)
    return value if isinstance(value, list) else []


# --- duplicates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Holder:
    """One record holding a value that should be unique."""

    path: str
    id: str
    added: str  # ISO date or "" when unknown: orders records when git cannot


def _added(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value if isinstance(value, str) else ""


def holder(record: Record) -> Holder:
    return Holder(path_of(record), str(getattr(record, "id", "?")), _added(getattr(record, "added", None)))


def raw_holder(path: str, data: dict) -> Holder:
    rid = data.get("id")
    return Holder(path, rid if isinstance(rid, str) else "?", _added(data.get("added")))


def newest_last(group: list[Holder], catalog: Catalog) -> list[Holder]:
    """Oldest first: unchanged before changed against the git base, then by `added`, then by path."""
    changed = catalog.changed_paths() if catalog.changed_paths else None
    return sorted(group, key=lambda h: (changed is not None and h.path in changed, h.added, h.path))


def clashes(
    catalog: Catalog,
    entries: Iterable[tuple[object, Where]],
    rule: str,
    loc: Loc,
    what: str,
    raw_data: dict[str, dict] | None = None,
) -> Iterator[Diagnostic]:
    """One diagnostic at every holder of a shared value but the oldest, naming the oldest.

    The diagnostic is at the file that brings the clash (the newer one), so that a
    contributor adding a paper sees it at their own file; the message names the other.
    Entries are records, or paths of failed records (their data in ``raw_data``).
    """
    groups: dict[object, list[Where]] = defaultdict(list)
    for value, where in entries:
        if value is not None:
            groups[value].append(where)
    for group in groups.values():
        if len(group) < 2:
            continue
        holders = [raw_holder(w, (raw_data or {})[w]) if isinstance(w, str) else holder(w) for w in group]
        first, *others = newest_last(holders, catalog)
        for other in others:
            yield Diagnostic(
                other.path,
                rule,
                f"{what} is also used by '{first.id}' ({first.path})",
                loc=loc,
                hint="merge the two records, or correct one of them",
            )


def duplicates(
    catalog: Catalog,
    records: Iterable[R],
    key: Callable[[R], object | None],
    rule: str,
    loc: Loc,
    what: str,
    kind: str | None = None,
    raw_key: Callable[[dict], object | None] | None = None,
) -> Iterator[Diagnostic]:
    """Clashes of ``key`` among valid records and, through ``raw_key``, among failed ones of ``kind``."""
    raw_data = {path: data for path, data in failed(catalog, kind)} if kind and raw_key else {}
    entries = ((key(rec), rec) for rec in records)
    raw_entries = ((raw_key(data), path) for path, data in raw_data.items()) if raw_key else ()
    yield from clashes(catalog, itertools.chain(entries, raw_entries), rule, loc, what, raw_data)


def missing_reference(rule: str, path: str, loc: Loc, value: str, kind: str, known: Iterable[str]) -> Diagnostic:
    """A reference to a `kind` id ("paper", "dataset") that no record has."""
    return Diagnostic(
        path,
        rule,
        f"no {kind} has the id '{value}'",
        loc=loc,
        hint=did_you_mean(value, known) or f"see data/{kind}s/ for the known ids",
    )
