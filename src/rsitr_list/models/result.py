"""Benchmark results: one file per source table, holding its provenance once and its rows.

Numbers are stored exactly as the source prints them. A wrong printed mR is kept
(the `result-mr-mismatch` rule flags it); nothing here corrects a source.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, Strict, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .base import Record
from .types import Count, RecordId, Text, Url

RECALLS = ("i2t_r1", "i2t_r5", "i2t_r10", "t2i_r1", "t2i_r5", "t2i_r10")
DIRECTIONS = (("i2t", ("i2t_r1", "i2t_r5", "i2t_r10")), ("t2i", ("t2i_r1", "t2i_r5", "t2i_r10")))

# Two-decimal sources round the mean to the nearest 0.01, so a gap up to 0.005 is
# rounding; 0.01 leaves room for a source that truncates instead of rounding.
MR_TOLERANCE = 0.01

_COMMIT_RE = re.compile(r"^[0-9a-f]{40}$")
_REPO_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")

# A recall in percent. Strict: "40.4" in quotes is text, not a number, and is an error.
# The 0-100 range is the `result-recall-range` rule, so the message can name the row.
Percent = Annotated[float, Strict()]

Kind = Literal["own", "quoted", "rerun"]
Setting = Literal["benchmark-only", "extra-pretraining", "zero-shot"]
SplitStyle = Literal["fixed", "k-fold"]


class Protocol(Record):
    """How a result was obtained. Set once per file; a row may override single fields."""

    split: SplitStyle | None = Field(
        None, description="fixed: one train/val/test split; k-fold: average over several random splits.")
    split_note: Text | None = Field(None, description="The split as the source describes it.")
    setting: Setting | None = Field(
        None, description="benchmark-only: trained on the benchmark's training split only; extra-pretraining: "
                          "pre-trained on other image-text data, then trained or fine-tuned on the benchmark; "
                          "zero-shot: never trained on the benchmark.")
    pretraining: list[Text] = Field(default_factory=list, description="Extra pre-training data, as the source names it.")
    image_backbone: Text | None = None
    text_backbone: Text | None = None
    note: Text | None = Field(None, description="Anything else that matters for comparison, e.g. a noise ratio.")


class Std(Record):
    """Standard deviations printed beside the mean, for results averaged over repeated runs."""

    i2t_r1: Percent | None = None
    i2t_r5: Percent | None = None
    i2t_r10: Percent | None = None
    t2i_r1: Percent | None = None
    t2i_r5: Percent | None = None
    t2i_r10: Percent | None = None
    mR: Percent | None = None


class Result(Record):
    """One row of a source table: one method on one dataset."""

    label: Text = Field(description="The row's name as transcribed from the source table.")
    method: Text = Field(description="Method name, the same across tables (e.g. AMFMN, VSE++, RemoteCLIP).")
    paper: RecordId | None = Field(None, description="Id of the method's paper in data/papers/, where it has one.")
    variant: Text | None = Field(None, description="Variant of the method, e.g. sim, fusion, ViT-L-14.")
    baseline: bool = Field(False, description="A comparison baseline or ablation the source's authors built, "
                                              "not a method they propose; left out of the top-10 boards.")
    dataset: RecordId = Field(description="Id of the benchmark dataset in data/datasets/.")
    kind: Kind = Field(description="own: the method's authors' result; quoted: copied from an earlier paper; "
                                   "rerun: the source's authors ran someone else's method themselves.")
    protocol: Protocol | None = Field(None, description="Fields that differ from the file's protocol.")
    i2t_r1: Percent
    i2t_r5: Percent
    i2t_r10: Percent
    t2i_r1: Percent
    t2i_r5: Percent
    t2i_r10: Percent
    mR: Percent | None = Field(None, description="Mean of the six recalls as printed; leave out if not printed.")
    rsum: Percent | None = Field(None, description="Sum of the six recalls, where the source prints it instead of mR.")
    std: Std | None = None
    note: Text | None = None

    _table: "ResultTable | None" = PrivateAttr(default=None)
    _index: int = PrivateAttr(default=0)

    @property
    def table(self) -> "ResultTable":
        assert self._table is not None, "a Result is only used inside its ResultTable"
        return self._table

    @property
    def index(self) -> int:
        """Position in the file's `results:` list, for diagnostics and stable ordering."""
        return self._index

    @property
    def source(self):  # type: ignore[override]
        """The data file the row was read from (its table's file)."""
        return self._table.source if self._table is not None else None

    @property
    def name(self) -> str:
        """Method and variant, as diagnostics and leaderboards name the row."""
        return f"{self.method} {self.variant}" if self.variant else self.method

    def recalls(self) -> tuple[float, ...]:
        return tuple(getattr(self, k) for k in RECALLS)

    def mean_of_six(self) -> float:
        return sum(self.recalls()) / len(RECALLS)

    def mr_mismatch(self) -> bool:
        """True when the printed mR is not the mean of the six printed recalls."""
        return self.mR is not None and abs(self.mR - self.mean_of_six()) > MR_TOLERANCE + 1e-9

    def effective_protocol(self) -> Protocol:
        """The file's protocol with this row's explicitly set fields on top."""
        base = self._table.protocol if self._table is not None else Protocol()
        if self.protocol is None:
            return base
        override = {k: getattr(self.protocol, k) for k in self.protocol.model_fields_set}
        return base.model_copy(update=override)


class ResultSource(Record):
    """Where a table's numbers were read: the paper, and the file in its repository."""

    paper: RecordId | None = Field(None, description="Id of the paper the table belongs to.")
    table: Text = Field(description="The table as the source names it, e.g. 'Table 1'.")
    caption: Text | None = None
    repo: Text = Field(description="GitHub repository holding the file, as owner/name.")
    commit: Text = Field(description="Full 40-character commit hash the file was read at.")
    path: Text = Field(description="Path of the file inside the repository.")
    url: Url = Field(description="Permanent link to the file at that commit.")
    how: Text | None = Field(None, description="How the numbers were read (image, PDF, Markdown table).")

    @field_validator("commit", mode="before")
    @classmethod
    def _commit(cls, value: object) -> object:
        # An all-digit hash would be read by YAML as a number (and lose leading zeros).
        if not isinstance(value, str) or not _COMMIT_RE.match(value):
            raise PydanticCustomError(
                "commit-syntax", "'{value}' is not a full commit hash (40 lower-case hex digits, quoted if all digits)",
                {"value": value})
        return value

    @field_validator("repo")
    @classmethod
    def _repo(cls, value: str) -> str:
        if not _REPO_RE.match(value):
            raise PydanticCustomError("repo-syntax", "'{value}' is not owner/name", {"value": value})
        return value


class ResultTable(Record):
    """A data/results/*.yaml file: one source table."""

    # `source` in YAML; named `origin` here because `Record.source` is the data file's path.
    origin: ResultSource = Field(alias="source")
    decimals: Count | None = Field(
        None, ge=0, le=4, description="Decimals the source prints; numbers are shown with this many.")
    protocol: Protocol = Field(default_factory=Protocol, description="Protocol shared by every row.")
    note: Text | None = None
    results: list[Result] = Field(min_length=1)

    @model_validator(mode="after")
    def _link_rows(self) -> "ResultTable":
        # Rows point back at their table so rules and leaderboards can reach the
        # provenance and the file path without carrying them on every row.
        for i, row in enumerate(self.results):
            row._table = self
            row._index = i
        return self
