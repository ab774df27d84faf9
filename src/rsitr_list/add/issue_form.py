"""The "Add a paper" issue form: generated from the data, and its issue bodies read back.

GitHub turns a submitted form into Markdown: one `### <label>` heading per field, the
value after a blank line, and `_No response_` for an optional field left empty. Anyone
can open an issue, so the body is untrusted: its size is bounded, a heading that occurs
twice (a value trying to smuggle in a second field) is refused, and every value is
checked for its shape here before it reaches the record.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..catalog import Catalog
from ..models.types import URL_RE
from .errors import AddError
from .ids import Identifier, parse_identifier
from .record import Choices

MAX_BODY = 65_536  # GitHub's own limit for an issue body
MAX_LINE = 300
NO_RESPONSE = "_No response_"
AUTO_VENUE = "Detect it from the DOI or arXiv id"
LABEL = "add-paper"  # the label the form sets, which starts the workflow

L_ID = "DOI or arXiv id"
L_CATEGORY = "Category"
L_METHOD = "Method name"
L_CODE = "Official code repository"
L_PROJECT = "Project page, model or data release"
L_DATASETS = "Datasets evaluated on"
L_VENUE = "Venue"
L_NOTE = "Note for the maintainers"
LABELS = (L_ID, L_CATEGORY, L_METHOD, L_CODE, L_PROJECT, L_DATASETS, L_VENUE, L_NOTE)

_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.MULTILINE)
_CHOICE = re.compile(r"^[^()\n]+\(([a-z0-9]+(?:-[a-z0-9]+)*)\)$")  # "RSICD (rsicd)"
METHOD_RE = re.compile(r"^[^\W_][\w .+/&'()-]{0,59}$")


@dataclass
class IssueRequest:
    identifier: Identifier
    choices: Choices


@dataclass
class FormProblems(Exception):
    problems: list[str] = field(default_factory=list)


def sections(body: str) -> tuple[dict[str, str], list[str]]:
    """Heading → value, and the problems found (a repeated heading)."""
    found: dict[str, str] = {}
    problems = []
    matches = list(_HEADING.finditer(body))
    for i, m in enumerate(matches):
        label = m.group(1).strip()
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        value = body[m.end() : end].strip()
        if label in LABELS and label in found:
            problems.append(f"the heading '{label}' appears twice; please keep only the one the form wrote")
            continue
        found.setdefault(label, value)
    return found, problems


def _value(raw: str | None) -> str | None:
    if raw is None:
        return None
    text = raw.strip()
    fence = re.fullmatch(r"```[a-z]*\n(.*?)\n?```", text, re.DOTALL)
    if fence:
        text = fence.group(1).strip()
    return None if not text or text == NO_RESPONSE else text


def _line(label: str, raw: str | None, problems: list[str]) -> str | None:
    text = _value(raw)
    if text is None:
        return None
    if "\n" in text or len(text) > MAX_LINE:
        problems.append(f"'{label}' should be a single short line")
        return None
    return text


def parse_issue(body: str, catalog: Catalog) -> IssueRequest:
    """The request an issue body makes, or FormProblems listing everything to fix."""
    if len(body) > MAX_BODY:
        raise FormProblems([f"the issue body is longer than {MAX_BODY} characters; the form never writes that much"])
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    found, problems = sections(body)
    ident: Identifier | None = None
    raw_id = _line(L_ID, found.get(L_ID), problems)
    if raw_id is None and not any(L_ID in p for p in problems):
        problems.append(f"'{L_ID}' is empty; please give a DOI (10.1109/...) or an arXiv id (2306.11029)")
    elif raw_id is not None:
        try:
            ident = parse_identifier(raw_id)
        except AddError as e:
            problems.append(f"'{L_ID}': {e.message} ({e.hint})" if e.hint else f"'{L_ID}': {e.message}")
    choices = Choices()
    categories = {c.category.value for c in catalog.meta.categories} if catalog.meta else set()
    cat = _line(L_CATEGORY, found.get(L_CATEGORY), problems)
    cat_id = _pick_id(cat)
    if cat is None:
        problems.append(f"'{L_CATEGORY}' is empty; please choose one of {', '.join(sorted(categories))}")
    elif cat_id not in categories:
        problems.append(f"'{L_CATEGORY}' must be one of the form's choices ({', '.join(sorted(categories))})")
    else:
        choices.category = cat_id
    method = _line(L_METHOD, found.get(L_METHOD), problems)
    if method is not None and not METHOD_RE.match(method):
        problems.append(
            f"'{L_METHOD}' should be a short name such as PIR or GeoRSCLIP (letters, digits, "
            "spaces and - + . / & ' ( ) only)"
        )
    else:
        choices.method = method
    for label, attr in ((L_CODE, "code"), (L_PROJECT, "project")):
        url = _line(label, found.get(label), problems)
        if url is not None and not URL_RE.match(url):
            problems.append(f"'{label}' should be one https:// link")
        else:
            setattr(choices, attr, url)
    datasets = _value(found.get(L_DATASETS))
    if datasets is not None:
        known = {d.id for d in catalog.datasets}
        items = [i.strip() for i in datasets.split(",")] if len(datasets) <= 4000 else []
        picked = [m.group(1) for m in (_CHOICE.match(i) for i in items) if m]
        if not items or len(picked) != len(items) or any(d not in known for d in picked):
            problems.append(f"'{L_DATASETS}' should hold only the form's choices")
        else:
            choices.datasets = picked
    venue = _line(L_VENUE, found.get(L_VENUE), problems)
    if venue is not None and venue != AUTO_VENUE:
        venue_id = _pick_id(venue)
        if venue_id not in catalog.venues:
            problems.append(f"'{L_VENUE}' must be one of the form's choices")
        else:
            choices.venue = venue_id
    if problems:
        raise FormProblems(problems)
    assert ident is not None
    return IssueRequest(ident, choices)


def _pick_id(text: str | None) -> str | None:
    """The id at the end of a choice such as "IEEE Transactions on ... (tgrs)", or a bare id."""
    if text is None:
        return None
    m = re.search(r"\(([a-z0-9]+(?:-[a-z0-9]+)*)\)\s*$", text)
    return m.group(1) if m else text.strip()


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def render_form(catalog: Catalog) -> str:
    """.github/ISSUE_TEMPLATE/add-paper.yml, with the category, venue and dataset choices from the data."""
    assert catalog.meta is not None
    categories = [f"{c.title} ({c.category.value})" for c in catalog.meta.categories]
    venues = [AUTO_VENUE] + [f"{v.name} ({v.id})" for v in sorted(catalog.venues.values(), key=lambda v: v.id)]
    datasets = [f"{d.name} ({d.id})" for d in sorted(catalog.datasets, key=lambda d: d.id)]

    def options(items: list[str]) -> str:
        return "".join(f"        - {_yaml_str(i)}\n" for i in items)

    return f"""# Generated by `rsitr-list forms` from data/: do not edit by hand (a test compares them).
name: Add a paper
description: Suggest a paper for the list; a bot turns this form into a pull request.
title: "Add paper: "
labels: [{LABEL}]
body:
  - type: markdown
    attributes:
      value: |
        Give the paper's DOI or arXiv id; title, authors, venue and year are read from
        Crossref or arXiv, so you do not need to type them. A bot replies here with the
        record it built, or with what to fix, and opens a pull request.
  - type: input
    id: identifier
    attributes:
      label: {L_ID}
      description: "A bare DOI (10.1109/TGRS.2024.3390838), an arXiv id (2306.11029), or a doi.org or arxiv.org link."
      placeholder: "10.1109/TGRS.2024.3390838"
    validations:
      required: true
  - type: dropdown
    id: category
    attributes:
      label: {L_CATEGORY}
      description: Closed-domain methods train and test on one dataset; open-domain ones pre-train on extra data.
      options:
{options(categories)}    validations:
      required: true
  - type: input
    id: method
    attributes:
      label: {L_METHOD}
      description: The short name the paper gives its method, such as PIR or GeoRSCLIP. Leave empty if it has none.
  - type: input
    id: code
    attributes:
      label: {L_CODE}
      description: The authors' own code, e.g. https://github.com/owner/name.
  - type: input
    id: project
    attributes:
      label: {L_PROJECT}
  - type: dropdown
    id: datasets
    attributes:
      label: {L_DATASETS}
      description: The benchmark datasets the paper reports results on.
      multiple: true
      options:
{options(datasets)}  - type: dropdown
    id: venue
    attributes:
      label: {L_VENUE}
      description: Only needed when the bot cannot tell the venue from the DOI.
      options:
{options(venues)}      default: 0
  - type: textarea
    id: note
    attributes:
      label: {L_NOTE}
      description: Anything the maintainers should know (a corrected author list, a newer version ...).
  - type: checkboxes
    id: checks
    attributes:
      label: Before you submit
      options:
        - label: I searched the list and this paper is not in it yet.
          required: true
"""
