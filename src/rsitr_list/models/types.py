"""Field types shared by every record.

Each custom check raises a ``PydanticCustomError`` whose *type* is the rule id
reported to contributors (``doi-syntax``, ``url-scheme`` ...), so one table of
rules serves both pydantic's field checks and our cross-record checks.

Every text and URL field is checked here for invisible or control characters and
for its length, so a model cannot forget it: the data is published on GitHub and
on the site, and printed in terminals, where such characters can hide or reorder
what a reviewer reads.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Strict, ValidationInfo
from pydantic_core import PydanticCustomError

from ..clock import today

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
# New-style ids (April 2007 on): YYMM.NNNN until 2014, YYMM.NNNNN since 2015.
ARXIV_NEW_RE = re.compile(r"^(\d{2})(\d{2})\.(\d{4,5})(?:v\d+)?$")
# Old-style ids (1991 to March 2007): archive(.SUBJECT)/YYMMNNN.
ARXIV_OLD_RE = re.compile(r"^[a-z-]+(?:\.[A-Z]{2})?/(\d{2})(\d{2})\d{3}(?:v\d+)?$")
# The shape of either form, for finding ids in other text (`add`); the field check is _check_arxiv.
ARXIV_RE = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
# Scheme, a non-empty host, then anything but white space.
ISSN_RE = re.compile(r"^\d{4}-\d{3}[\dX]$")
URL_RE = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
MIN_YEAR = 1990


# --- text hygiene ------------------------------------------------------------------------

# Fields whose text is prose: a literal block may keep line breaks there, and they may be long.
PROSE_FIELDS = frozenset({"note", "description", "intro", "protocol", "how", "reason", "caption", "split_note"})
TITLE_FIELDS = frozenset({"title", "earlier_titles", "full_name"})
NAME_FIELDS = frozenset(
    {
        "authors",
        "name",
        "short",
        "method",
        "label",
        "variant",
        "contact_name",
        "venue",
        "image_backbone",
        "text_backbone",
        "pretraining",
        "scale",
        "gsd",
        "table",
        "repo",
    }
)
# Ten times the longest value in the list when these were set, and well below what would
# slow a page down: a limit a real record never meets, but a pasted file or a flood does.
PROSE_MAX, TITLE_MAX, NAME_MAX, TEXT_MAX, URL_MAX = 5000, 500, 200, 500, 2000

# Bidi_Control: they reorder how the text around them is shown ("Trojan Source"), so a
# reviewer would read something else than what is published.
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Format characters needed to write some words and emoji correctly.
_ALLOWED_FORMAT = frozenset("\u200c\u200d")  # zero-width non-joiner and joiner
_CHAR_NAMES = {
    "\t": "TAB",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x00": "NUL",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
}


def char_name(ch: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``: how messages name a character they must not print."""
    name = _CHAR_NAMES.get(ch) or unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def bad_character(value: str, multiline: bool = False) -> tuple[str, str, int] | None:
    """(rule, character, index) of the first character no text field may hold, or None."""
    if value.isprintable():  # the usual case, in C; only then is each character looked at
        return None
    for i, ch in enumerate(value):
        if ch.isprintable() or ch == " ":
            continue
        if ch in BIDI:
            return "bidi-character", ch, i
        cat = unicodedata.category(ch)
        if cat == "Cc" or cat in ("Zl", "Zp"):
            if ch == "\n" and multiline:
                continue
            return "control-character", ch, i
        if cat == "Cs":  # a lone surrogate from a "\ud800" escape cannot even be written as UTF-8
            return "control-character", ch, i
        if cat == "Cf" and ch not in _ALLOWED_FORMAT:
            return "invisible-character", ch, i
    return None


_HINTS = {
    "bidi-character": "remove it: it changes the order in which the text around it is shown, so readers "
    "would see something else than what is stored",
    "invisible-character": "remove it: it is invisible, and makes equal texts (titles, names) differ",
}


def _character_error(value: str, multiline: bool) -> None:
    found = bad_character(value, multiline)
    if found is None:
        return
    rule, ch, i = found
    if ch == "\t":
        hint = "replace the tab with a space"
    elif ch in "\n\r\u2028\u2029":
        hint = "write this field on one line; only notes and other prose may have line breaks"
    elif rule == "control-character":
        hint = "remove it: control characters are invisible on the page and can change what a terminal shows"
    else:
        hint = _HINTS[rule]
    raise PydanticCustomError(
        rule, "{char} at character {index} is not allowed here", {"char": char_name(ch), "index": i + 1, "hint": hint}
    )


def _check_length(value: str, limit: int, hint: str = "shorten it; explanations belong in `note`") -> None:
    if len(value) > limit:
        raise PydanticCustomError(
            "text-too-long",
            "{length} characters is too long: at most {limit} here",
            {"length": len(value), "limit": limit, "hint": hint},
        )


def _limits(field: str | None) -> tuple[int, bool]:
    if field in PROSE_FIELDS:
        return PROSE_MAX, True
    if field in TITLE_FIELDS:
        return TITLE_MAX, False
    if field in NAME_FIELDS:
        return NAME_MAX, False
    return TEXT_MAX, False


def _clean_text(value: object, info: ValidationInfo) -> object:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise PydanticCustomError("empty-text", "must not be empty", {})
        limit, multiline = _limits(info.field_name)
        _check_length(
            value,
            limit,
            "shorten it: a note is a few sentences" if multiline else "shorten it; explanations belong in `note`",
        )
        _character_error(value, multiline)
    return value


# --- identifiers and links ------------------------------------------------------------------

ID_MAX = 100  # the longest id in the list has 30 characters


def _check_id(value: str) -> str:
    _check_length(value, ID_MAX, "an id is a few words, e.g. the method and the year: galr-2022")
    if not ID_RE.match(value):
        raise PydanticCustomError(
            "id-syntax",
            "'{value}' is not a valid id: use lower-case letters, digits and single hyphens",
            {"value": value},
        )
    return value


def _check_doi(value: str) -> str:
    _check_length(value, TEXT_MAX, "a DOI is 10.NNNN/ and a short suffix")
    if value.lower().startswith(("https://doi.org/", "http://doi.org/", "doi:")):
        raise PydanticCustomError(
            "doi-syntax",
            "'{value}' is a DOI link, not a bare DOI: write only the part starting with '10.'",
            {"value": value},
        )
    _character_error(value, False)
    if not DOI_RE.match(value):
        raise PydanticCustomError("doi-syntax", "'{value}' is not a DOI (expected 10.NNNN/suffix)", {"value": value})
    return value


def _arxiv_error(value: str, why: str) -> PydanticCustomError:
    return PydanticCustomError("arxiv-syntax", "'{value}' is not an arXiv id: {why}", {"value": value, "why": why})


def _check_arxiv_date(value: str, year: int, month: int) -> None:
    if not 1 <= month <= 12:
        raise _arxiv_error(value, f"it starts with year and month (YYMM), and {month:02d} is not a month")
    now = today()
    if (year, month) > (now.year, now.month):
        raise _arxiv_error(value, f"its YYMM is {year}-{month:02d}, which has not come yet")


def _check_arxiv(value: object) -> object:
    # YAML reads 2204.09860 as a float and loses trailing zeros, so demand a string.
    if not isinstance(value, str):
        raise PydanticCustomError(
            "arxiv-syntax",
            "arXiv id {value} must be quoted, e.g. '2204.09860' (a bare number loses its trailing zeros)",
            {"value": value},
        )
    _check_length(value, ID_MAX, "write only the id, e.g. '2306.11029'")
    if value.startswith(("http://", "https://", "arXiv:", "arxiv:")):
        raise PydanticCustomError(
            "arxiv-syntax",
            "'{value}' is not a bare arXiv id: write only the id, e.g. '2306.11029'",
            {"value": value},
        )
    new = ARXIV_NEW_RE.match(value)
    if new:
        yy, mm, number = int(new[1]), int(new[2]), new[3]
        _check_arxiv_date(value, 2000 + yy, mm)
        if (yy, mm) < (7, 4):
            raise _arxiv_error(value, "ids of this form (YYMM.NNNN) start in April 2007 (0704)")
        digits = 5 if yy >= 15 else 4
        if len(number) != digits:
            since = "since 2015" if digits == 5 else "from 2007 to 2014"
            raise _arxiv_error(value, f"ids {since} have {digits} digits after the dot, this one has {len(number)}")
        return value
    old = ARXIV_OLD_RE.match(value)
    if old:
        yy, mm = int(old[1]), int(old[2])
        _check_arxiv_date(value, (1900 if yy >= 91 else 2000) + yy, mm)
        return value
    raise PydanticCustomError("arxiv-syntax", "'{value}' is not an arXiv id (expected YYMM.NNNNN)", {"value": value})


def _check_issn(value: str) -> str:
    if not ISSN_RE.match(value):
        raise PydanticCustomError(
            "issn-syntax", "'{value}' is not an ISSN (expected NNNN-NNNC, e.g. 0196-2892)", {"value": value}
        )
    return value


def _check_url(value: str) -> str:
    _check_length(value, URL_MAX, "link to a shorter address of the same page")
    # Invisible characters first: "https://a.org/\u202e..." would pass the pattern below.
    _character_error(value, False)
    # The text is kept exactly as written: pydantic's HttpUrl would add a trailing slash.
    if not URL_RE.match(value):
        raise PydanticCustomError("url-scheme", "'{value}' is not an http(s) URL", {"value": value})
    return value


def _check_year(value: int) -> int:
    latest = today().year + 1
    if not MIN_YEAR <= value <= latest:
        raise PydanticCustomError(
            "year-range",
            "year {value} is outside {low}..{high}",
            {"value": value, "low": MIN_YEAR, "high": latest},
        )
    return value


RecordId = Annotated[str, AfterValidator(_check_id)]
Doi = Annotated[str, AfterValidator(_check_doi)]
ArxivId = Annotated[str, BeforeValidator(_check_arxiv)]
Url = Annotated[str, AfterValidator(_check_url)]
Issn = Annotated[str, AfterValidator(_check_issn)]
# Strict: YAML's `true` or '2023' must not pass as a year or a count.
Year = Annotated[int, Strict(), AfterValidator(_check_year)]
Count = Annotated[int, Strict()]
Text = Annotated[str, BeforeValidator(_clean_text)]
