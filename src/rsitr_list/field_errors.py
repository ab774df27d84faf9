"""Turn pydantic's validation errors into Diagnostics with rule ids and hints."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, did_you_mean

# Rule ids for pydantic's built-in error types; our own checks already raise with a rule id.
BUILTIN_RULES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "enum": "unknown-value",
    "literal_error": "unknown-value",
    "too_short": "too-short",
    "greater_than": "value-range",
    "greater_than_equal": "value-range",
    "less_than_equal": "value-range",
}
_TYPE_RULE = "wrong-type"
_DATE_RULE = "date-syntax"

# What each field-level rule means, for `rsitr-list rules` and the docs.
FIELD_RULES = {
    "yaml-syntax": "the file is not valid YAML, or uses a tag such as !!python/object",
    "duplicate-key": "a key appears twice in one mapping",
    "not-a-mapping": "a data file must hold one mapping",
    "encoding": "a data file must be UTF-8",
    "missing-file": "a required single file (list.yaml, venues.yaml, benchmarks.yaml) is absent",
    "missing-field": "a required field is absent",
    "unknown-field": "a field the schema does not know (often a typo)",
    "unknown-value": "a value outside the allowed set (category, role, kind ...)",
    "wrong-type": "a value of the wrong type (text where a number belongs ...)",
    "date-syntax": "a date that is not YYYY-MM-DD",
    "too-short": "a list that must not be empty is empty (e.g. authors)",
    "value-range": "a number outside its allowed range",
    "empty-text": "a text field that is empty or blank",
    "id-syntax": "an id that is not lower-case words joined by hyphens",
    "doi-syntax": "a DOI that is not a bare 10.NNNN/suffix",
    "arxiv-syntax": "an arXiv id that is not a bare, quoted YYMM.NNNNN",
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


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that owns the last part of ``loc`` (for field-name hints)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    stack = [annotation]
    while stack:
        ann = stack.pop()
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            return ann
        stack.extend(getattr(ann, "__args__", ()) or ())
    return None


def to_diagnostics(path: str, model: type[BaseModel], exc: ValidationError) -> list[Diagnostic]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        etype = err["type"]
        rule = BUILTIN_RULES.get(etype)
        hint = None
        message = err["msg"]
        if rule is None:
            if etype.endswith(("_type", "_parsing")) and not etype.startswith("date"):
                rule = _TYPE_RULE
            elif etype.startswith("date"):
                rule, message = _DATE_RULE, f"'{err['input']}' is not a date"
                hint = "write dates as YYYY-MM-DD, e.g. 2023-12-07"
            else:
                rule = etype  # one of our own rule ids
        if rule == "missing-field":
            message = "required field is missing"
            hint = f"add `{loc[-1]}:` to this record"
        elif rule == "unknown-field":
            message = "unknown field"
            owner = _model_at(model, loc)
            if owner is not None:
                hint = did_you_mean(loc[-1], owner.model_fields)
            hint = hint or "remove it, or check the schema in schema/ for the allowed fields"
        elif rule == "unknown-value":
            expected = re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", ""))
            message = f"'{err['input']}' is not one of: {', '.join(expected)}"
            if loc and loc[-1] == "category":
                rule = "unknown-category"
            hint = did_you_mean(err["input"], expected)
        elif rule == "too-short":
            message = "must not be empty"
            hint = "list at least one entry"
        elif rule == "wrong-type":
            message = f"{err['msg'].lower()}, got {type(err['input']).__name__} {err['input']!r}"
        elif rule == "value-range":
            message = f"{err['msg'].lower()}, got {err['input']!r}"
        elif rule == "id-syntax" and isinstance(err["input"], str):
            # Upper case and spaces are the usual slips: `TGRS` for `tgrs`, `ACM MM` for `acm-mm`.
            fixed = re.sub(r"[^a-z0-9]+", "-", err["input"].lower()).strip("-")
            hint = f"did you mean `{fixed}`?" if fixed and fixed != err["input"] else None
        out.append(Diagnostic(path, rule, message, loc=loc, hint=hint))
    return out
