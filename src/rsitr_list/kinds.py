"""The one table of record kinds: where each kind lives, its model and its JSON Schema.

Load (which files to read), validate (which model checks a file, where a valid record
goes) and the schema export all read this table, so a new kind of record is one row here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .models import BenchmarkRegistry, Dataset, ListMeta, Paper, VenueRegistry
from .models.base import Record
from .models.result import ResultTable


class Kind(StrEnum):
    paper = "paper"
    dataset = "dataset"
    result = "result"
    list = "list"
    venues = "venues"
    benchmarks = "benchmarks"


@dataclass(frozen=True)
class KindSpec:
    kind: Kind
    model: type[Record]
    # A folder under data/ with one record per file, or one file holding the whole kind.
    folder: str | None = None
    file: str | None = None
    required: bool = False  # a missing single file is an error

    @property
    def schema_name(self) -> str:
        return f"{self.kind.value}.schema.json"

    @property
    def schema_glob(self) -> str:
        """The data files this kind's schema applies to, relative to the data folder."""
        return f"{self.folder}/*.yaml" if self.folder else str(self.file)


KINDS: tuple[KindSpec, ...] = (
    KindSpec(Kind.list, ListMeta, file="list.yaml", required=True),
    KindSpec(Kind.venues, VenueRegistry, file="venues.yaml", required=True),
    KindSpec(Kind.benchmarks, BenchmarkRegistry, file="benchmarks.yaml", required=True),
    KindSpec(Kind.paper, Paper, folder="papers"),
    KindSpec(Kind.dataset, Dataset, folder="datasets"),
    KindSpec(Kind.result, ResultTable, folder="results"),
)

BY_KIND: dict[Kind, KindSpec] = {k.kind: k for k in KINDS}
RECORD_DIRS: dict[str, Kind] = {k.folder: k.kind for k in KINDS if k.folder}
SINGLE_FILES: dict[str, Kind] = {k.file: k.kind for k in KINDS if k.file}
