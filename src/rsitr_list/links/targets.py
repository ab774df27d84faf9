"""Where a link comes from (file, field, record) and what is checked for it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Loc, format_loc


@dataclass(frozen=True)
class Source:
    """One place a link is written: a field of a record, or a line of the README or site."""

    path: str                  # relative to the project root, forward slashes
    loc: Loc = ()              # field path inside a YAML record; () for README/site lines
    record: str | None = None  # the record's id
    line: int = 0              # 1-based; filled for reported links by lines.fill

    @property
    def field(self) -> str:
        return format_loc(self.loc)

    def where(self) -> str:
        spot = f"{self.path}:{self.line}" if self.line else self.path
        return f"{spot} {self.field}" if self.loc else spot

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.field)


@dataclass
class Target:
    """A link as written: a URL, a bare DOI or a bare arXiv id, with every place it appears."""

    key: str          # the text as written; "doi:..." and "arxiv:..." for identifiers
    kind: str         # url | doi | arxiv | internal
    url: str          # what a reader follows
    sources: list[Source] = field(default_factory=list)
