"""Field types shared by every record.

Each custom check raises a ``PydanticCustomError`` whose *type* is the rule id
reported to contributors (``doi-syntax``, ``url-scheme`` ...), so one table of
rules serves both pydantic's field checks and our cross-record checks.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Strict
from pydantic_core import PydanticCustomError

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
# New-style ids (2007+) with optional version, and old-style archive/NNNNNNN ids.
ARXIV_RE = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
# Scheme, a non-empty host, then anything but white space.
ISSN_RE = re.compile(r"^\d{4}-\d{3}[\dX]$")
URL_RE = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
MIN_YEAR = 1990


def _check_id(value: str) -> str:
    if not ID_RE.match(value):
        raise PydanticCustomError(
            "id-syntax",
            "'{value}' is not a valid id: use lower-case letters, digits and single hyphens",
            {"value": value},
        )
    return value


def _check_doi(value: str) -> str:
    if value.lower().startswith(("https://doi.org/", "http://doi.org/", "doi:")):
        raise PydanticCustomError(
            "doi-syntax",
            "'{value}' is a DOI link, not a bare DOI: write only the part starting with '10.'",
            {"value": value},
        )
    if not DOI_RE.match(value):
        raise PydanticCustomError(
            "doi-syntax", "'{value}' is not a DOI (expected 10.NNNN/suffix)", {"value": value}
        )
    return value


def _check_arxiv(value: object) -> object:
    # YAML reads 2204.09860 as a float and loses trailing zeros, so demand a string.
    if not isinstance(value, str):
        raise PydanticCustomError(
            "arxiv-syntax",
            "arXiv id {value} must be quoted, e.g. '2204.09860' (a bare number loses its trailing zeros)",
            {"value": value},
        )
    if value.startswith(("http://", "https://", "arXiv:", "arxiv:")):
        raise PydanticCustomError(
            "arxiv-syntax",
            "'{value}' is not a bare arXiv id: write only the id, e.g. '2306.11029'",
            {"value": value},
        )
    if not ARXIV_RE.match(value):
        raise PydanticCustomError(
            "arxiv-syntax", "'{value}' is not an arXiv id (expected YYMM.NNNNN)", {"value": value}
        )
    return value


def _check_issn(value: str) -> str:
    if not ISSN_RE.match(value):
        raise PydanticCustomError(
            "issn-syntax", "'{value}' is not an ISSN (expected NNNN-NNNC, e.g. 0196-2892)", {"value": value}
        )
    return value


def _check_url(value: str) -> str:
    # The text is kept exactly as written: pydantic's HttpUrl would add a trailing slash.
    if not URL_RE.match(value):
        raise PydanticCustomError(
            "url-scheme", "'{value}' is not an http(s) URL", {"value": value}
        )
    return value


def _check_year(value: int) -> int:
    latest = _dt.date.today().year + 1
    if not MIN_YEAR <= value <= latest:
        raise PydanticCustomError(
            "year-range",
            "year {value} is outside {low}..{high}",
            {"value": value, "low": MIN_YEAR, "high": latest},
        )
    return value


def _strip_nonempty(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise PydanticCustomError("empty-text", "must not be empty", {})
    return value


RecordId = Annotated[str, AfterValidator(_check_id)]
Doi = Annotated[str, AfterValidator(_check_doi)]
ArxivId = Annotated[str, BeforeValidator(_check_arxiv)]
Url = Annotated[str, AfterValidator(_check_url)]
Issn = Annotated[str, AfterValidator(_check_issn)]
# Strict: YAML's `true` or '2023' must not pass as a year or a count.
Year = Annotated[int, Strict(), AfterValidator(_check_year)]
Count = Annotated[int, Strict()]
Text = Annotated[str, BeforeValidator(_strip_nonempty)]
