"""A paper: one method (or dataset paper) in the list."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated

from pydantic import BeforeValidator, Field, ValidationInfo, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from .base import Record, RetiredLink
from .notes import CURATION_NOTE_HELP, NOTE_HELP
from .types import ArxivId, Doi, RecordId, Text, Url, Year

# First page, or first-last, each optionally prefixed (e.g. e1234); an article number is one "page".
_PAGES_RE = re.compile(r"^[A-Za-z]?\d+(?:-[A-Za-z]?\d+)?$")


def _biblio_error(message: str) -> PydanticCustomError:
    # The text goes in as context, so a brace in the value is not read as a placeholder.
    return PydanticCustomError("biblio-syntax", "{message}", {"message": message})


def _biblio(value: object, info: ValidationInfo) -> object:
    """Volume, number and pages are text for BibTeX; YAML's bare 62 is accepted and kept as '62'."""
    field = info.field_name
    if isinstance(value, (bool, float)):
        how = (
            "write the volume and the issue apart, e.g. volume: 17 and number: 3"
            if field == "volume"
            else f"write {field} as a whole number, or as quoted text"
        )
        raise _biblio_error(f"{field} {value!r} is not a {field}: {how}")
    if isinstance(value, int):
        return str(value)
    if field == "pages" and isinstance(value, str) and not _PAGES_RE.match(value.strip()):
        raise _biblio_error(
            f"pages '{value}' is neither FIRST-LAST nor one page or article number: "
            "write e.g. 1-15 with a plain hyphen, or 128968"
        )
    return value


# YAML's bare 62 is accepted (and kept as "62"), so the schema must accept a whole number too.
Biblio = Annotated[
    Text,
    BeforeValidator(_biblio),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 0}]}),
]


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
    # authors, venue and year must be written, but may be null: "not known" is a deliberate
    # entry (with the reason in the note), never a forgotten line.
    authors: Annotated[list[Text], Field(min_length=1)] | None = Field(
        description="Full names in the published order; null when no source names them (say so in the note)."
    )
    venue: RecordId | None = Field(
        description="Id of a venue in data/venues.yaml, e.g. tgrs, acm-mm, arxiv; null when no published venue "
        "or preprint is known."
    )
    year: Year | None = Field(
        description="Year of the version of record (journal volume or conference); null when unknown."
    )
    volume: Biblio | None = Field(None, description="Journal or proceedings volume, as printed (kept as text).")
    number: Biblio | None = Field(None, description="Issue number, as printed (kept as text).")
    pages: Biblio | None = Field(None, description="Pages as FIRST-LAST (e.g. 1-15), or the article number.")
    published_online: Year | None = Field(None, description="Year of early-access publication, if earlier.")
    category: Category
    method: Text | None = Field(None, description="Short method name such as PIR, SWAN or GaLR.")
    links: PaperLinks = Field(default_factory=PaperLinks)
    datasets: list[RecordId] = Field(default_factory=list, description="Ids of datasets evaluated on, where known.")
    added: dt.date = Field(description="Date the paper was added to the list (YYYY-MM-DD).")
    note: Text | None = Field(None, description=NOTE_HELP)
    curation_note: Text | None = Field(None, description=CURATION_NOTE_HELP)
    retired_links: list[RetiredLink] = Field(default_factory=list)

    @field_validator("authors")
    @classmethod
    def _authors_unique(cls, authors: list[str] | None) -> list[str] | None:
        seen: set[str] = set()
        for name in authors or ():
            if name in seen:
                raise PydanticCustomError("duplicate-author", "author '{name}' is listed twice", {"name": name})
            seen.add(name)
        return authors
