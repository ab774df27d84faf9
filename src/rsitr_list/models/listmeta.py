"""The list itself: title, intro and the order of its sections."""

from __future__ import annotations

from pydantic import Field

from .base import Record
from .paper import Category
from .types import RecordId, Text, Url


class Section(Record):
    id: RecordId
    title: Text
    intro: Text | None = None


class CategorySection(Record):
    category: Category
    title: Text
    intro: Text


class ListMeta(Record):
    title: Text
    description: Text
    contact_name: Text | None = None
    contact_url: Url | None = None
    repository: Url | None = None
    site_url: Url | None = None
    sections: list[Section] = Field(min_length=1)
    categories: list[CategorySection] = Field(min_length=1)
