"""A dataset of remote sensing images with captions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from .base import Record, RetiredLink
from .notes import CURATION_NOTE_HELP, NOTE_HELP
from .types import ArxivId, Count, Doi, RecordId, Text, Url, Year

_SIZE_RE = re.compile(r"^\d+x\d+$")


def _check_size(value: str) -> str:
    if value != "various" and not _SIZE_RE.match(value):
        raise PydanticCustomError(
            "image-size-syntax", "'{value}' is not WIDTHxHEIGHT (e.g. 256x256) or 'various'", {"value": value}
        )
    return value


ImageSize = Annotated[str, AfterValidator(_check_size)]


class Citation(Record):
    """The introducing paper, for datasets whose paper is not a record of the list."""

    title: Text
    authors: list[Text] = Field(min_length=1)
    venue: Text
    year: Year
    doi: Doi | None = None
    arxiv: ArxivId | None = None
    url: Url | None = None


class Download(Record):
    url: Url
    label: Text


class Split(Record):
    name: Text
    train_images: Count | None = Field(None, ge=0)
    val_images: Count | None = Field(None, ge=0)
    test_images: Count | None = Field(None, ge=0)
    train_captions: Count | None = Field(None, ge=0)
    val_captions: Count | None = Field(None, ge=0)
    test_captions: Count | None = Field(None, ge=0)
    note: Text | None = None


class Dataset(Record):
    id: RecordId = Field(description="Stable id; must equal the file name without .yaml.")
    name: Text
    full_name: Text | None = None
    images: Count | None = Field(None, gt=0, description="Number of images; empty where unknown.")
    captions: Count | None = Field(None, gt=0)
    captions_per_image: Count | None = Field(None, gt=0)
    scale: Text | None = Field(None, description="Size in words where exact counts are not published.")
    image_size: ImageSize | None = Field(None, description="Pixels as WIDTHxHEIGHT, or 'various'.")
    gsd: Text | None = Field(None, description="Ground sampling distance, as the source states it.")
    classes: Count | None = Field(None, gt=0)
    role: Literal["benchmark", "pre-training"] = "benchmark"
    introduced_by: RecordId | None = Field(None, description="Id of the paper record that introduced it.")
    citation: Citation | None = Field(None, description="The introducing paper when it has no record here.")
    homepage: Url | None = None
    downloads: list[Download] = Field(default_factory=list)
    splits: list[Split] = Field(default_factory=list)
    added: dt.date
    note: Text | None = Field(None, description=NOTE_HELP)
    curation_note: Text | None = Field(None, description=CURATION_NOTE_HELP)
    retired_links: list[RetiredLink] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_origin(self) -> Dataset:
        if self.introduced_by and self.citation:
            raise PydanticCustomError(
                "dataset-origin", "give either introduced_by (a paper id) or citation, not both", {}
            )
        return self
