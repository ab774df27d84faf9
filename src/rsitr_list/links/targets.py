"""Where a link comes from (file, field, record) and what is checked for it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from ..diagnostics import Loc, format_loc


class TargetKind(StrEnum):
    URL = "url"
    DOI = "doi"
    ARXIV = "arxiv"
    INTERNAL = "internal"  # a README or site link, checked offline


@dataclass(frozen=True)
class Source:
    """One place a link is written: a field of a record, or a line of the README or site."""

    path: str  # relative to the project root, forward slashes
    loc: Loc = ()  # field path inside a YAML record; () for README/site lines
    record: str | None = None  # the record's id
    line: int = 0  # 1-based; filled for reported links by lines.with_lines

    @property
    def field(self) -> str:
        return format_loc(self.loc)

    def where(self) -> str:
        spot = f"{self.path}:{self.line}" if self.line else self.path
        return f"{spot} {self.field}" if self.loc else spot

    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.line, self.field)


@dataclass(frozen=True)
class Target:
    """A link as written: a URL, a bare DOI or a bare arXiv id, with every place it appears."""

    key: str  # the text as written; "doi:..." and "arxiv:..." for identifiers
    kind: TargetKind
    url: str  # what a reader follows
    sources: tuple[Source, ...] = field(default=())

    def __post_init__(self) -> None:
        # Accept the kind's text and any iterable of sources; store the typed, immutable forms.
        object.__setattr__(self, "kind", TargetKind(self.kind))
        object.__setattr__(self, "sources", tuple(self.sources))

    def with_sources(self, sources: Iterable[Source]) -> Target:
        return Target(self.key, self.kind, self.url, tuple(sources))
