"""Benchmark results: one file per source table, holding its provenance once and its rows.

Numbers are stored exactly as the source prints them. A wrong printed mR is kept
(the `result-mr-mismatch` rule flags it, unless the row acknowledges it as a known
misprint); nothing here corrects a source.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, Strict, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from .base import Record
from .notes import CURATION_NOTE_HELP, NOTE_HELP
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
# Where the model's weights came from: the comparison readers care most about.
Setting = Literal["no-vlp", "general-vlp", "rs-vlp", "zero-shot", "unstated"]
SETTING_HELP = (
    "Where the model's weights came from. no-vlp: no vision-language pre-training (the sources name only "
    "unimodal encoders, or group the row as traditional/supervised); general-vlp: initialised from "
    "general-domain vision-language weights (CLIP, OpenAI, LAION) and trained on the benchmark; rs-vlp: "
    "remote-sensing vision-language weights or data (RS5M/GeoRSCLIP, RemoteCLIP's data, SkyScript), "
    "including CLIP trained on RemoteCLIP's RET-3; zero-shot: never trained on the benchmark (setting_basis "
    "names the weights used); unstated: the sources do not say, or allow two of the above."
)
SplitStyle = Literal["fixed", "k-fold"]


def _located(title: str, errors: list[InitErrorDetails]) -> None:
    """Raise several errors at once, each at its own field, so every mistake is reported where it is."""
    if errors:
        raise ValidationError.from_exception_data(title, errors)


def _error(rule: str, loc: tuple[str | int, ...], message: str, value: object = None) -> InitErrorDetails:
    # The text goes in as context: a brace in a method name must not be read as a placeholder.
    return InitErrorDetails(type=PydanticCustomError(rule, "{message}", {"message": message}), loc=loc, input=value)


class Protocol(Record):
    """How a result was obtained. Set once per file; a row may override single fields."""

    split: SplitStyle | None = Field(
        None, description="fixed: one train/val/test split; k-fold: average over several random splits."
    )
    split_note: Text | None = Field(None, description="The split as the source describes it.")
    setting: Setting | None = Field(None, description=SETTING_HELP)
    setting_basis: Text | None = Field(
        None,
        description="What the sources say that the setting rests on, in their own words and naming them "
        "(a table's grouping, a backbone, a checkpoint, a training script). Required wherever "
        "a setting is given, `unstated` included: there it records what the sources do say, "
        "so a reader sees why the row could not be placed. A row that overrides the file's "
        "setting gives its own basis.",
    )
    pretraining: list[Text] = Field(
        default_factory=list, description="Extra pre-training data, as the source names it."
    )
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
    baseline: bool = Field(
        False,
        description="A comparison baseline or ablation the source's authors built, "
        "not a method they propose; left out of the top-10 boards.",
    )
    dataset: RecordId = Field(description="Id of the benchmark dataset in data/datasets/.")
    kind: Kind = Field(
        description="own: the method's authors' result; quoted: copied from an earlier paper; "
        "rerun: the source's authors ran someone else's method themselves."
    )
    protocol: Protocol | None = Field(None, description="Fields that differ from the file's protocol.")
    partial: bool = Field(
        False,
        description="The source prints only an mR for this row (e.g. in an abstract): "
        "the six recalls are left out and mR is required. Partial rows "
        "are never ranked with complete ones.",
    )
    # Required unless the row is partial (checked below, so the error can say why).
    i2t_r1: Percent | None = None
    i2t_r5: Percent | None = None
    i2t_r10: Percent | None = None
    t2i_r1: Percent | None = None
    t2i_r5: Percent | None = None
    t2i_r10: Percent | None = None
    mR: Percent | None = Field(None, description="Mean of the six recalls as printed; leave out if not printed.")
    mr_misprint: bool = Field(
        False,
        description="Acknowledges a known misprint in the source: the printed mR is "
        "not the mean of the printed recalls, and `note` says why. The "
        "result-mr-mismatch warning is then not repeated.",
    )
    rsum: Percent | None = Field(None, description="Sum of the six recalls, where the source prints it instead of mR.")
    std: Std | None = None
    note: Text | None = Field(None, description=NOTE_HELP)
    curation_note: Text | None = Field(None, description=CURATION_NOTE_HELP)

    _table: ResultTable | None = PrivateAttr(default=None)
    _index: int = PrivateAttr(default=0)

    @property
    def table(self) -> ResultTable:
        assert self._table is not None, "a Result is only used inside its ResultTable"
        return self._table

    @property
    def index(self) -> int:
        """Position in the file's `results:` list, for diagnostics and stable ordering."""
        return self._index

    @property
    def source(self) -> PurePosixPath | None:
        """The data file the row was read from (its table's file)."""
        return self._table.source if self._table is not None else None

    @property
    def name(self) -> str:
        """Method and variant, as diagnostics and leaderboards name the row."""
        return f"{self.method} {self.variant}" if self.variant else self.method

    def recalls(self) -> tuple[float | None, ...]:
        return tuple(getattr(self, k) for k in RECALLS)

    def mean_of_six(self) -> float | None:
        """The mean of the six recalls; None for a partial row, which has none."""
        values = self.recalls()
        if any(v is None for v in values):
            return None
        return sum(values) / len(RECALLS)  # type: ignore[arg-type]

    def mr_mismatch(self) -> bool:
        """True when the printed mR is not the mean of the six printed recalls."""
        mean = self.mean_of_six()
        return self.mR is not None and mean is not None and abs(self.mR - mean) > MR_TOLERANCE + 1e-9

    @model_validator(mode="after")
    def _complete_or_partial(self) -> Result:
        errors = []
        given = [name for name in RECALLS if getattr(self, name) is not None]
        missing = [name for name in RECALLS if name not in given]
        # One error per row, at the first field concerned: a row with the wrong flag is one mistake.
        if self.partial and given:
            errors.append(
                _error(
                    "result-partial",
                    (given[0],),
                    f"a partial row prints only an mR, but it gives "
                    f"{', '.join(given)}: remove them, or remove `partial: true` if the source prints "
                    "all six recalls",
                    getattr(self, given[0]),
                )
            )
        elif not self.partial and missing:
            errors.append(
                _error(
                    "result-partial",
                    (missing[0],),
                    f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing: a complete row "
                    "gives all six recalls; set `partial: true` if the source prints only an mR",
                )
            )
        if self.partial and self.mR is None:
            errors.append(_error("result-partial", ("mR",), "a partial row needs the mR its source prints"))
        if self.mr_misprint and not errors:
            mean = self.mean_of_six()
            if mean is None:
                errors.append(
                    _error(
                        "result-misprint",
                        ("mr_misprint",),
                        "a partial row has no recalls its mR could disagree with",
                        True,
                    )
                )
            elif not self.mr_mismatch():
                errors.append(
                    _error(
                        "result-misprint",
                        ("mr_misprint",),
                        f"mR {self.mR!r} fits the mean of the six recalls ({mean:.4f}), so there is "
                        "no misprint to acknowledge: remove `mr_misprint`",
                        True,
                    )
                )
            elif self.note is None:
                errors.append(
                    _error(
                        "result-misprint",
                        ("mr_misprint",),
                        "an acknowledged misprint needs the reason in this row's `note`",
                        True,
                    )
                )
        _located("Result", errors)
        return self

    def effective_protocol(self) -> Protocol:
        """The file's protocol with this row's explicitly set fields on top."""
        base = self._table.protocol if self._table is not None else Protocol()
        if self.protocol is None:
            return base
        override = {k: getattr(self.protocol, k) for k in self.protocol.model_fields_set}
        return base.model_copy(update=override)


class ResultSource(Record):
    """Where a table's numbers were read: the paper, and the file in its repository or a web page."""

    paper: RecordId | None = Field(None, description="Id of the paper the table belongs to.")
    table: Text = Field(description="The table as the source names it, e.g. 'Table 1'.")
    caption: Text | None = None
    repo: Text | None = Field(
        None,
        description="GitHub repository holding the file, as owner/name. Leave repo, "
        "commit and path out when the source is a web page (an abstract).",
    )
    commit: Text | None = Field(None, description="Full 40-character commit hash the file was read at.")
    path: Text | None = Field(None, description="Path of the file inside the repository.")
    url: Url = Field(description="Permanent link to the file at that commit, or the web page read.")
    how: Text | None = Field(None, description="How the numbers were read (image, PDF, Markdown table).")

    @model_validator(mode="after")
    def _file_in_a_repository(self) -> ResultSource:
        # repo, commit and path together name one file; a web page source has none of them.
        given = [k for k in ("repo", "commit", "path") if getattr(self, k) is not None]
        if given:
            _located(
                "ResultSource",
                [
                    InitErrorDetails(type="missing", loc=(k,), input=None)
                    for k in ("repo", "commit", "path")
                    if k not in given
                ],
            )
        return self

    @field_validator("commit", mode="before")
    @classmethod
    def _commit(cls, value: object) -> object:
        if value is None:
            return value
        # An all-digit hash would be read by YAML as a number (and lose leading zeros).
        if not isinstance(value, str) or not _COMMIT_RE.match(value):
            raise PydanticCustomError(
                "commit-syntax",
                "'{value}' is not a full commit hash (40 lower-case hex digits, quoted if all digits)",
                {"value": value},
            )
        return value

    @field_validator("repo")
    @classmethod
    def _repo(cls, value: str | None) -> str | None:
        if value is not None and not _REPO_RE.match(value):
            raise PydanticCustomError("repo-syntax", "'{value}' is not owner/name", {"value": value})
        return value


class ResultTable(Record):
    """A data/results/*.yaml file: one source table."""

    # `source` in YAML; named `origin` here because `Record.source` is the data file's path.
    origin: ResultSource = Field(alias="source")
    decimals: Count | None = Field(
        None, ge=0, le=4, description="Decimals the source prints; numbers are shown with this many."
    )
    decimals_basis: Text | None = Field(
        None,
        description="How the printed precision is known (the source's own text, quoted), or why it cannot "
        "be told (e.g. the table is an image); without decimals, numbers are shown as stored.",
    )
    protocol: Protocol = Field(default_factory=Protocol, description="Protocol shared by every row.")
    note: Text | None = Field(None, description=NOTE_HELP)
    curation_note: Text | None = Field(None, description=CURATION_NOTE_HELP)
    results: list[Result] = Field(min_length=1)

    @model_validator(mode="after")
    def _link_rows(self) -> ResultTable:
        # Rows point back at their table so rules and leaderboards can reach the
        # provenance and the file path without carrying them on every row.
        for i, row in enumerate(self.results):
            row._table = self
            row._index = i
        _located("ResultTable", self._setting_errors())
        return self

    def _setting_errors(self) -> list[InitErrorDetails]:
        """Every row has a setting and the words it rests on, from the file's protocol or its own."""
        errors = []
        if self.protocol.setting is not None and self.protocol.setting_basis is None:
            errors.append(
                _error(
                    "result-setting",
                    ("protocol", "setting_basis"),
                    f"setting '{self.protocol.setting}' needs setting_basis: what the sources say that it rests on",
                )
            )
        if all(row.effective_protocol().setting is None for row in self.results):
            # One error for the file, not one per row: the usual fix is one line in its protocol.
            return errors + [
                _error(
                    "result-setting",
                    ("protocol", "setting"),
                    "no row has a setting: give `setting:` (no-vlp, general-vlp, rs-vlp, "
                    "zero-shot, unstated) and `setting_basis:` in the file's protocol or in each row",
                )
            ]
        for i, row in enumerate(self.results):
            own = row.protocol.model_fields_set if row.protocol is not None else set()
            at = ("results", i, "protocol")
            if row.effective_protocol().setting is None:
                errors.append(
                    _error(
                        "result-setting",
                        (*at, "setting"),
                        f"{row.name} on {row.dataset} has no setting: give `setting:` in the "
                        "file's protocol or in this row's (no-vlp, general-vlp, rs-vlp, zero-shot, "
                        "unstated)",
                    )
                )
            elif "setting" in own and "setting_basis" not in own:
                # The file's basis argues for the file's setting, not for this row's.
                errors.append(
                    _error(
                        "result-setting",
                        (*at, "setting_basis"),
                        f"{row.name} on {row.dataset} overrides the setting, so it needs its own setting_basis",
                    )
                )
        return errors
