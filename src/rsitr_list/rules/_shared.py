"""Helpers the cross-record rules share."""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable, Iterator, TypeVar

from ..diagnostics import Diagnostic, Loc, did_you_mean
from ..models import Record

R = TypeVar("R", bound=Record)


def path_of(record: Record) -> str:
    return record.source.as_posix() if record.source else "<unknown>"


def duplicates(records: Iterable[R], key: Callable[[R], object | None], rule: str, loc: Loc,
               what: str) -> Iterator[Diagnostic]:
    """One diagnostic at every record after the first that shares a key value."""
    groups: dict[object, list[R]] = defaultdict(list)
    for rec in records:
        value = key(rec)
        if value is not None:
            groups[value].append(rec)
    for value, group in groups.items():
        if len(group) < 2:
            continue
        first = group[0]
        for other in group[1:]:
            yield Diagnostic(
                path_of(other), rule, f"{what} is also used by '{getattr(first, 'id', '?')}' ({path_of(first)})",
                loc=loc, hint="merge the two records, or correct one of them",
            )


def missing_reference(rule: str, path: str, loc: Loc, value: str, kind: str,
                      known: Iterable[str]) -> Diagnostic:
    """A reference to a `kind` id ("paper", "dataset") that no record has."""
    return Diagnostic(path, rule, f"no {kind} has the id '{value}'", loc=loc,
                      hint=did_you_mean(value, known) or f"see data/{kind}s/ for the known ids")
