"""Collect every link of the records: URL fields, DOIs and arXiv ids, with the field they sit in.

Fields are found by their declared type (models.types.Url, Doi, ArxivId), so a new URL
field in any model is checked without touching this file. Links in `retired_links`
are history, and archived leaderboards marked `status: dead` are known dead: both are
listed as skipped rather than checked.
"""

from __future__ import annotations

import typing
from typing import Any, Iterable, Iterator

from pydantic import BaseModel

from ..catalog import Catalog
from ..diagnostics import Loc
from ..models.types import ArxivId, Doi, Url
from .targets import Source, Target

DOI_BASE = "https://doi.org/"
ARXIV_ABS = "https://arxiv.org/abs/"

_KINDS = ((Url, "url"), (Doi, "doi"), (ArxivId, "arxiv"))
_kind_memo: dict[Any, str | None] = {}

# Parts of a record whose links are history, not claims the list makes today.
SKIP_FIELDS = {"retired_links"}


def _kind_of(annotation: Any) -> str | None:
    """"url", "doi" or "arxiv" when the annotation is (or wraps) one of those types."""
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


def _field_kind(info: Any) -> str | None:
    # pydantic moves the Annotated metadata of a required field into `info.metadata`,
    # leaving `str` as the annotation; an optional field keeps the whole Annotated type.
    for typ, kind in _KINDS:
        if typ.__metadata__ and all(m in info.metadata for m in typ.__metadata__):
            return kind
    return _kind_of(info.annotation)


def _walk(model: BaseModel, loc: Loc, dead: bool = False) -> Iterator[tuple[Loc, str, str, bool]]:
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


def _values(value: Any, loc: Loc, kind: str | None, dead: bool) -> Iterator[tuple[Loc, str, str, bool]]:
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


def _target_for(kind: str, value: str) -> tuple[str, str]:
    if kind == "doi":
        return "doi:" + value, DOI_BASE + value
    if kind == "arxiv":
        return "arxiv:" + value, ARXIV_ABS + value
    return value, value


def from_records(items: Iterable[BaseModel]) -> tuple[list[Target], list[Target]]:
    """(targets to check, targets known dead), each with every place it is written."""
    live: dict[str, Target] = {}
    dead: dict[str, Target] = {}
    for record in items:
        source = getattr(record, "source", None)
        path = str(source) if source is not None else "?"
        rid = getattr(record, "id", None) or (source.stem if source is not None else None)
        for loc, kind, value, known_dead in _walk(record, ()):
            key, url = _target_for(kind, value)
            bucket = dead if known_dead else live
            target = bucket.get(key)
            if target is None:
                target = bucket[key] = Target(key=key, kind=kind, url=url)
            target.sources.append(Source(path=path, loc=loc, record=rid))
    dead = {k: t for k, t in dead.items() if k not in live}
    return list(live.values()), list(dead.values())


def from_catalog(catalog: Catalog) -> tuple[list[Target], list[Target]]:
    return from_records(records(catalog))
