"""Collect every link of the records: URL fields, DOIs and arXiv ids, with the field they sit in.

Fields are found by their declared type (models.types.Url, Doi, ArxivId), so a new URL
field in any model is checked without touching this file. Links in `retired_links`
are history and are left out; links of archived leaderboards marked `status: dead` are
known dead, and are listed as skipped rather than checked.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..catalog import Catalog
from ..core.urls import arxiv_url, doi_url
from ..diagnostics import Loc
from ..models.types import ArxivId, Doi, Url
from .targets import Source, Target, TargetKind

_KINDS = ((Url, TargetKind.URL), (Doi, TargetKind.DOI), (ArxivId, TargetKind.ARXIV))
_kind_memo: dict[Any, TargetKind | None] = {}

# Parts of a record whose links are history, not claims the list makes today.
SKIP_FIELDS = {"retired_links"}


def _kind_of(annotation: Any) -> TargetKind | None:
    """URL, DOI or arXiv id when the annotation is (or wraps) one of those types."""
    try:
        return _kind_memo[annotation]
    except (KeyError, TypeError):
        pass
    found = None
    stack = [annotation]
    while stack and found is None:
        ann = stack.pop()
        for typ, kind in _KINDS:
            if ann == typ:
                found = kind
                break
        else:
            if typing.get_origin(ann) is not typing.Annotated:
                stack.extend(typing.get_args(ann))
    try:
        _kind_memo[annotation] = found
    except TypeError:
        pass
    return found


def _field_kind(info: FieldInfo) -> TargetKind | None:
    # pydantic moves the Annotated metadata of a required field into `info.metadata`,
    # leaving `str` as the annotation; an optional field keeps the whole Annotated type.
    for typ, kind in _KINDS:
        metadata = typing.get_args(typ)[1:]
        if metadata and all(m in info.metadata for m in metadata):
            return kind
    return _kind_of(info.annotation)


def _walk(model: BaseModel, loc: Loc, dead: bool = False) -> Iterator[tuple[Loc, TargetKind, str, bool]]:
    """(field path, kind, value, known_dead) for every link-typed value in a model."""
    dead = dead or getattr(model, "status", None) == "dead"
    for name, info in type(model).model_fields.items():
        if name in SKIP_FIELDS:
            continue
        value = getattr(model, name)
        if value is None:
            continue
        # The YAML key is the alias where there is one (a result table's `source` is `origin`).
        yield from _values(value, loc + (info.alias or name,), _field_kind(info), dead)


def _values(value: Any, loc: Loc, kind: TargetKind | None, dead: bool) -> Iterator[tuple[Loc, TargetKind, str, bool]]:
    if isinstance(value, BaseModel):
        yield from _walk(value, loc, dead)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _values(item, loc + (i,), kind, dead)
    elif isinstance(value, dict):
        for k, item in value.items():
            yield from _values(item, loc + (str(k),), kind, dead)
    elif isinstance(value, str) and kind:
        yield loc, kind, value, dead


def records(catalog: Catalog) -> Iterator[BaseModel]:
    if catalog.meta is not None:
        yield catalog.meta
    if catalog.benchmarks is not None:
        yield catalog.benchmarks
    yield from catalog.datasets
    yield from catalog.papers
    # Catalog.results holds table rows; the links (and the file) belong to each row's table.
    tables: dict[int, BaseModel] = {}
    for row in catalog.results:
        owner = getattr(row, "_table", None) or row
        if isinstance(owner, BaseModel):
            tables.setdefault(id(owner), owner)
    yield from tables.values()


def _target_for(kind: TargetKind, value: str) -> tuple[str, str]:
    """(key, the URL a reader follows) for a link-typed value."""
    if kind is TargetKind.DOI:
        return "doi:" + value, doi_url(value)
    if kind is TargetKind.ARXIV:
        return "arxiv:" + value, arxiv_url(value)
    return value, value


class Extracted(NamedTuple):
    live: list[Target]  # to check
    dead: list[Target]  # recorded as dead in the data (an archived board's `status: dead`)

    def only(self, paths: set[str]) -> Extracted:
        """The links written in these files, each with only its places there."""
        return Extracted(_only(self.live, paths), _only(self.dead, paths))


def _only(targets: list[Target], paths: set[str]) -> list[Target]:
    kept = ((t, [s for s in t.sources if s.path in paths]) for t in targets)
    return [t.with_sources(sources) for t, sources in kept if sources]


def from_records(items: Iterable[BaseModel]) -> Extracted:
    """Every link of these records, each with every place it is written."""
    found: dict[tuple[bool, str], tuple[TargetKind, str, list[Source]]] = {}
    for record in items:
        source = getattr(record, "source", None)
        path = str(source) if source is not None else "?"
        rid = getattr(record, "id", None) or (source.stem if source is not None else None)
        for loc, kind, value, known_dead in _walk(record, ()):
            key, url = _target_for(kind, value)
            found.setdefault((known_dead, key), (kind, url, []))[2].append(Source(path=path, loc=loc, record=rid))
    live = [Target(key, kind, url, tuple(sources)) for (dead, key), (kind, url, sources) in found.items() if not dead]
    live_keys = {t.key for t in live}
    dead = [
        Target(key, kind, url, tuple(sources))
        for (is_dead, key), (kind, url, sources) in found.items()
        if is_dead and key not in live_keys
    ]
    return Extracted(live, dead)


def from_catalog(catalog: Catalog) -> Extracted:
    return from_records(records(catalog))
