"""A paper: one method (or dataset paper) in the list."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from .base import Record, RetiredLink
from .types import ArxivId, Doi, RecordId, Text, Url, Year


class Category(str, Enum):
    closed_domain = "closed-domain"
    open_domain = "open-domain"
    hashing = "hashing"


class PaperLinks(Record):
    paper: Url | None = Field(None, description="Best page for readers: abstract page, publisher or arXiv.")
    doi: Doi | None = Field(None, description="Bare DOI, e.g. 10.1109/TGRS.2023.3308969.")
    arxiv: ArxivId | None = Field(None, description="Bare arXiv id, quoted, e.g. '2306.11029'.")
    code: Url | None = Field(None, description="Official code repository.")
    project: Url | None = Field(None, description="Project page, model or data release.")


class Paper(Record):
    id: RecordId = Field(description="Stable id; must equal the file name without .yaml.")
    title: Text
    earlier_titles: list[Text] = Field(default_factory=list, description="Titles of earlier versions (e.g. arXiv v1).")
    authors: list[Text] = Field(min_length=1, description="Full names in the published order.")
    venue: RecordId = Field(description="Id of a venue in data/venues.yaml, e.g. tgrs, acm-mm, arxiv.")
    year: Year = Field(description="Year of the version of record (journal volume or conference).")
    published_online: Year | None = Field(None, description="Year of early-access publication, if earlier.")
    volume: Text | None = Field(None, description="Journal volume, as the publisher prints it.")
    number: Text | None = Field(None, description="Issue number, as the publisher prints it.")
    pages: Text | None = Field(None, description="Page range such as 611-620, or an article number.")
    category: Category
    method: Text | None = Field(None, description="Short method name such as PIR, SWAN or GaLR.")
    links: PaperLinks = Field(default_factory=PaperLinks)
    datasets: list[RecordId] = Field(default_factory=list, description="Ids of datasets evaluated on, where known.")
    added: dt.date = Field(description="Date the paper was added to the list (YYYY-MM-DD).")
    note: Text | None = Field(None, description="Corrections against earlier listings and other caveats.")
    retired_links: list[RetiredLink] = Field(default_factory=list)

    @field_validator("authors")
    @classmethod
    def _authors_unique(cls, authors: list[str]) -> list[str]:
        seen: set[str] = set()
        for name in authors:
            if name in seen:
                raise PydanticCustomError("duplicate-author", "author '{name}' is listed twice", {"name": name})
            seen.add(name)
        return authors
