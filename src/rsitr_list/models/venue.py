"""Venues: the closed set of journals, conferences and preprint servers."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Record
from .types import Issn, RecordId, Text


class Venue(Record):
    id: RecordId
    short: Text = Field(description="Short form shown in the list, e.g. TGRS, ACM MM.")
    name: Text = Field(description="Full name.")
    kind: Literal["journal", "conference", "workshop", "preprint"]
    publisher: Text | None = Field(None, description="Publisher, e.g. MDPI; not part of the name.")
    issn: list[Issn] = Field(default_factory=list, description="Print and electronic ISSNs, for matching DOIs.")


class VenueRegistry(Record):
    venues: list[Venue]
