"""The base every record model shares."""

from __future__ import annotations

from pathlib import PurePosixPath

from pydantic import BaseModel, ConfigDict, PrivateAttr

from .types import Text, Url


class Record(BaseModel):
    """A strict model: unknown keys are errors, values are never coerced silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    # Where the record was read from, so rules can point at the file (set by validate).
    _source: PurePosixPath | None = PrivateAttr(default=None)

    @property
    def source(self) -> PurePosixPath | None:
        return self._source


class RetiredLink(Record):
    """A link the list once carried and no longer shows, with the reason."""

    url: Url
    reason: Text
