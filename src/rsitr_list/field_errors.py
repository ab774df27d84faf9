"""Turn pydantic's validation errors into Diagnostics with rule ids and hints.

Every pydantic error type maps to one of our rule ids (``rule_for``): contributors
see the same few ids in messages, docs and fixtures, never pydantic's internals.
"""

from __future__ import annotations

import calendar
import re
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from .diagnostics import Diagnostic, did_you_mean

# What each field-level rule means, for `rsitr-list rules` and the docs.
FIELD_RULES = {
    "yaml-syntax": "the file is not valid YAML",
    "yaml-alias": "a YAML anchor (&name) or alias (*name); records write every value out",
    "yaml-tag": "a YAML tag (!!binary, !!set, !custom, !!python/...) or merge key (<<); only plain values",
    "yaml-key": "a mapping key that is not text (a number, date, true/false, list ...)",
    "yaml-depth": "lists and mappings nested deeper than any record needs",
    "duplicate-key": "a key appears twice in one mapping",
    "not-a-mapping": "a data file must hold one mapping",
    "encoding": "a data file must be UTF-8",
    "data-file": "a data file must be a readable regular file of at most 1 MiB directly inside its data "
    "folder: not a symbolic link, folder or special file",
    "missing-file": "a required single file (list.yaml, venues.yaml, benchmarks.yaml) is absent",
    "missing-field": "a required field is absent",
    "unknown-field": "a field the schema does not know (often a typo)",
    "unknown-value": "a value outside the allowed set (category, role, kind ...)",
    "wrong-type": "a value of the wrong type (text where a number belongs ...)",
    "date-syntax": "a date that is not YYYY-MM-DD",
    "too-short": "a list that must not be empty is empty (e.g. authors)",
    "value-range": "a number outside its allowed range",
    "empty-text": "a text field that is empty or blank",
    "text-too-long": "a text longer than its field allows (titles, names and notes have their own limits)",
    "control-character": "a control character (tab, escape, NUL ...) or a line break where none belongs",
    "bidi-character": "a bidirectional control character (e.g. U+202E) that reorders the text shown",
    "invisible-character": "an invisible format character (zero-width space, soft hyphen, BOM ...)",
    "id-syntax": "an id that is not lower-case words joined by hyphens",
    "doi-syntax": "a DOI that is not a bare 10.NNNN/suffix",
    "arxiv-syntax": "an arXiv id that is not a bare, quoted id of a real month (YYMM.NNNNN since 2015)",
    "url-scheme": "a link that is not an http(s) URL",
    "issn-syntax": "a venue's ISSN that is not NNNN-NNNC",
    "year-range": "a year outside 1990 to next year",
    "image-size-syntax": "an image size that is not WIDTHxHEIGHT or 'various'",
    "dataset-origin": "a dataset gives both introduced_by and citation",
    "duplicate-author": "the same author twice in one paper",
    "unknown-category": "a paper category other than closed-domain, open-domain or hashing",
    "commit-syntax": "a result source's commit that is not a full 40-hex-digit hash",
    "repo-syntax": "a result source's repository that is not owner/name",
    "biblio-syntax": "a paper's volume, number or pages that is not a whole number or FIRST-LAST text",
    "result-setting": "a result row without a setting, or a setting without the setting_basis it rests on",
    "result-partial": "a partial (mR-only) row that gives recalls or no mR, or a complete row that lacks a recall",
    "result-misprint": "mr_misprint on a row whose mR fits its recalls, that has no recalls, or has no note",
}

# pydantic's error types (pydantic_core.core_schema.ErrorType) by family. A type not
# named here is a value of the wrong kind; tests/test_field_errors.py walks them all.
_BUILTIN_RULES = {
    "missing": "missing-field",
    "missing_argument": "missing-field",
    "missing_keyword_only_argument": "missing-field",
    "missing_positional_only_argument": "missing-field",
    "extra_forbidden": "unknown-field",
    "unexpected_keyword_argument": "unknown-field",
    "unexpected_positional_argument": "unknown-field",
    "no_such_attribute": "unknown-field",
    "enum": "unknown-value",
    "literal_error": "unknown-value",
    "union_tag_invalid": "unknown-value",
    "union_tag_not_found": "unknown-value",
    "too_short": "too-short",
    "string_too_short": "too-short",
    "bytes_too_short": "too-short",
    "too_long": "text-too-long",
    "string_too_long": "text-too-long",
    "bytes_too_long": "text-too-long",
    "greater_than": "value-range",
    "greater_than_equal": "value-range",
    "less_than": "value-range",
    "less_than_equal": "value-range",
    "multiple_of": "value-range",
    "finite_number": "value-range",
    "int_parsing_size": "value-range",
    "decimal_max_digits": "value-range",
    "decimal_max_places": "value-range",
    "decimal_whole_digits": "value-range",
    "invalid_key": "yaml-key",
    "string_unicode": "encoding",
}
_PREFIX_RULES = (("date", "date-syntax"), ("datetime", "date-syntax"), ("time", "date-syntax"), ("url", "url-scheme"))
_DEFAULT_RULE = "wrong-type"
_DATE_HINT = "write dates as YYYY-MM-DD, e.g. 2023-12-07"

# Names contributors use for a field, by the field they mean; the value decides for `url`.
FIELD_ALIASES = {
    "github": "code",
    "gitlab": "code",
    "repo": "code",
    "repository": "code",
    "source_code": "code",
    "code_url": "code",
    "git": "code",
    "arxiv_id": "arxiv",
    "arxiv_url": "arxiv",
    "arxiv_link": "arxiv",
    "doi_url": "doi",
    "doi_link": "doi",
    "pdf": "paper",
    "paper_url": "paper",
    "link": "paper",
    "abstract": "paper",
    "homepage": "project",
    "website": "project",
    "project_page": "project",
    "page": "project",
    "author": "authors",
    "dataset": "datasets",
    "date": "added",
    "date_added": "added",
    "notes": "note",
    "comment": "note",
    "comments": "note",
}
_CODE_HOSTS = re.compile(r"(?:github|gitlab|bitbucket|gitee)\.(?:com|org|io)|huggingface\.co", re.I)
_BARE_HOST = re.compile(r"^(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?:[/?#:]\S*)?$")
_NUMBER = re.compile(r"^\s*[-+]?\d+(?:\.\d+)?\s*$")


def rule_for(error_type: str) -> str:
    """Our rule id for a pydantic error type, or for one of our own (which already is one)."""
    if error_type in FIELD_RULES:
        return error_type
    rule = _BUILTIN_RULES.get(error_type)
    if rule is not None:
        return rule
    for prefix, rule in _PREFIX_RULES:
        if error_type.startswith(prefix + "_"):
            return rule
    return _DEFAULT_RULE


def _show(value: object, limit: int = 60) -> str:
    """A value as a message quotes it, shortened: a pasted page must not fill the terminal."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that owns the last part of ``loc`` (for field-name hints)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = _field(current, part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field(model: type[BaseModel], name: str) -> FieldInfo | None:
    """A field by its name or its YAML alias (ResultTable's `source`)."""
    info = model.model_fields.get(name)
    if info is None:
        info = next((f for f in model.model_fields.values() if f.alias == name), None)
    return info


def _names(model: type[BaseModel]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items()]


def _inner_model(annotation: Any) -> Any:
    stack = [annotation]
    while stack:
        ann = stack.pop()
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            return ann
        stack.extend(getattr(ann, "__args__", ()) or ())
    return None


def unknown_field_hint(name: object, value: object, owner: type[BaseModel] | None) -> str | None:
    """`did you mean ...?` for an unknown field: a typo, a synonym, or a field one level down."""
    if owner is None or not isinstance(name, str):
        return None
    fields = _names(owner)
    target = FIELD_ALIASES.get(name.lower())
    if name.lower() == "url":
        target = "code" if isinstance(value, str) and _CODE_HOSTS.search(value) else "paper"
    wanted = [t for t in (target, name) if t]
    for t in wanted:
        if t in fields and t != name:
            return f"did you mean `{t}`?"
    # A field of a nested model written one level too high: `code:` beside `title:`.
    for t in wanted:
        for field_name, info in owner.model_fields.items():
            inner = _inner_model(info.annotation)
            if inner is not None and t in _names(inner):
                return f"did you mean `{field_name}.{t}`? (indented under `{field_name}:`)"
    return did_you_mean(name, fields)


def _url_hint(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    if value.lower().startswith(("https://", "http://")) and not value.startswith(("https://", "http://")):
        return "write the scheme in lower case: `" + value.split(":", 1)[0].lower() + "://...`"
    if "://" not in value and _BARE_HOST.match(value):
        return f"add the scheme: `https://{value}`"
    return None


_DATE_SHAPE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _date_message(err: ErrorDetails) -> str:
    value = err["input"]
    shown = f"'{_show(value)}'" if isinstance(value, str) else _show(value)
    reason = None
    if isinstance(value, str) and (m := _DATE_SHAPE.match(value.strip())):
        year, month, day = (int(g) for g in m.groups())
        if not 1 <= month <= 12:
            reason = f"there is no month {month}"
        else:
            name = calendar.month_name[month]
            last = calendar.monthrange(year, month)[1]
            reason = f"{name} {year} has {last} days" if day > last or day == 0 else None
    elif isinstance(value, str) and ":" in value:
        reason = "a date has no time of day"
    return f"{shown} is not a date" + (f" ({reason})" if reason else "")


# Past this many errors in one file, hints that search for a likely fix (field names,
# allowed values) are skipped: a hostile file can carry tens of thousands of errors, and
# only the first few are shown (diagnostics.MAX_SHOWN_PER_FILE).
HINTED_PER_FILE = 100


def to_diagnostics(path: str, model: type[BaseModel], exc: ValidationError) -> list[Diagnostic]:
    out = []
    for n, err in enumerate(exc.errors(include_url=False)):
        hinted = n < HINTED_PER_FILE
        loc = tuple(err["loc"])
        etype = err["type"]
        rule = rule_for(etype)
        ctx = err.get("ctx") or {}
        hint = ctx.get("hint") if isinstance(ctx.get("hint"), str) else None
        message = err["msg"]
        value = err.get("input")
        if rule == "missing-field":
            message = "required field is missing"
            hint = f"add `{loc[-1]}:` to this record"
        elif rule == "unknown-field":
            message = "unknown field"
            hint = (
                hinted and unknown_field_hint(loc[-1] if loc else None, value, _model_at(model, loc))
            ) or "remove it, or check the schema in schema/ for the allowed fields"
        elif rule == "unknown-value":
            expected = re.findall(r"'([^']*)'", ctx.get("expected", ""))
            message = f"'{_show(value)}' is not one of: {', '.join(expected)}"
            if loc and loc[-1] == "category":
                rule = "unknown-category"
            hint = did_you_mean(value, expected) if hinted else None
        elif rule == "too-short":
            message = "must not be empty"
            hint = "list at least one entry"
        elif rule == "date-syntax":
            message = _date_message(err)
            hint = _DATE_HINT
        elif rule == "yaml-key":
            message = f"key {_show(value)} is not a field name"
            hint = "field names are words such as `title`"
        elif rule == "wrong-type":
            message = f"{err['msg'].lower()}, got {type(value).__name__} {_show(repr(value))}"
            if isinstance(value, str) and _NUMBER.match(value) and etype in ("int_type", "float_type"):
                field = loc[-1] if loc and isinstance(loc[-1], str) else "the value"
                hint = f"write the number without quotes: `{field}: {value.strip()}`"
        elif rule == "value-range":
            message = f"{err['msg'].lower()}, got {_show(repr(value))}"
        elif rule == "url-scheme":
            hint = hint or _url_hint(value)
        elif rule == "id-syntax" and isinstance(value, str):
            # Upper case and spaces are the usual slips: `TGRS` for `tgrs`, `ACM MM` for `acm-mm`.
            fixed = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
            hint = f"did you mean `{fixed}`?" if fixed and fixed != value else None
        out.append(Diagnostic(path, rule, message, loc=loc, hint=hint))
    return out
