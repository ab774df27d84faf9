"""Venues: the closed set of journals, conferences and preprint servers."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Record
from .types import RecordId, Text


class Venue(Record):
    id: RecordId
    short: Text = Field(description="Short form shown in the list, e.g. TGRS, ACM MM.")
    name: Text = Field(description="Full name.")
    kind: Literal["journal", "conference", "workshop", "preprint"]


class VenueRegistry(Record):
    venues: list[Venue]
