"""Diagnostics: their text, their order, field positions, hints, and warnings that do not fail."""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pydantic import ValidationError

from rsitr_list import rules
from rsitr_list.cli import main
from rsitr_list.diagnostics import Diagnostic, did_you_mean, errors, format_loc, summary_line
from rsitr_list.field_errors import to_diagnostics
from rsitr_list.models import Paper
from rsitr_list.positions import locate, resolve

# --- text -------------------------------------------------------------------------------


def test_format_with_position_field_and_hint() -> None:
    d = Diagnostic(
        "data/papers/a.yaml", "doi-syntax", "not a DOI", loc=("links", "doi"), hint="write 10.x/y", line=12, col=3
    )
    assert d.format() == "data/papers/a.yaml:12:3: error[doi-syntax] links.doi: not a DOI\n  hint: write 10.x/y"


def test_format_without_position_field_or_hint() -> None:
    d = Diagnostic("data/list.yaml", "missing-file", "required file data/list.yaml does not exist")
    assert d.format() == "data/list.yaml: error[missing-file] required file data/list.yaml does not exist"


def test_format_warning() -> None:
    d = Diagnostic("data/a.yaml", "odd", "looks odd", severity="warning", line=1, col=1)
    assert d.format() == "data/a.yaml:1:1: warning[odd] looks odd"


@pytest.mark.parametrize(
    "loc, text",
    [
        ((), ""),
        (("title",), "title"),
        (("links", "doi"), "links.doi"),
        (("datasets", 0), "datasets[0]"),
        (("benchmarks", 3, "dataset"), "benchmarks[3].dataset"),
        (("splits", 0, "notes", 2), "splits[0].notes[2]"),
    ],
)
def test_format_loc(loc: tuple, text: str) -> None:
    assert format_loc(loc) == text


@pytest.mark.parametrize(
    "n_err, n_warn, text",
    [
        (0, 0, "0 errors, 0 warnings"),
        (1, 0, "1 error, 0 warnings"),
        (2, 1, "2 errors, 1 warning"),
        (0, 3, "0 errors, 3 warnings"),
    ],
)
def test_summary_line(n_err: int, n_warn: int, text: str) -> None:
    diags = [Diagnostic("p", "r", "m")] * n_err + [Diagnostic("p", "w", "m", severity="warning")] * n_warn
    assert summary_line(diags) == text
    assert len(errors(diags)) == n_err


@pytest.mark.parametrize(
    "value, choices, hint",
    [
        ("closed-domian", ["closed-domain", "open-domain", "hashing"], "did you mean `closed-domain`?"),
        ("rsitd", ["rsicd", "rsitmd", "ucm-captions"], "did you mean `rsitmd`?"),
        ("titel", ["id", "title", "authors"], "did you mean `title`?"),
        ("pretraining", ["benchmark", "pre-training"], "did you mean `pre-training`?"),
        ("zzz", ["closed-domain", "open-domain"], None),
        (42, ["42"], None),
    ],
)
def test_did_you_mean(value, choices, hint) -> None:
    assert did_you_mean(value, choices) == hint


# --- order --------------------------------------------------------------------------------


def test_resolve_sorts_by_path_line_column_rule_message(tmp_path: Path) -> None:
    diags = [
        Diagnostic("b.yaml", "r", "m", line=1, col=1),
        Diagnostic("a.yaml", "z-rule", "m", line=2, col=1),
        Diagnostic("a.yaml", "a-rule", "m", line=2, col=1),
        Diagnostic("a.yaml", "r", "m", line=10, col=1),
        Diagnostic("a.yaml", "r", "m", line=2, col=5),
        Diagnostic("a.yaml", "r", "b", line=1, col=1),
        Diagnostic("a.yaml", "r", "a", line=1, col=1),
    ]
    assert [(d.path, d.line, d.col, d.rule, d.message) for d in resolve(diags, tmp_path)] == [
        ("a.yaml", 1, 1, "r", "a"),
        ("a.yaml", 1, 1, "r", "b"),
        ("a.yaml", 2, 1, "a-rule", "m"),
        ("a.yaml", 2, 1, "z-rule", "m"),
        ("a.yaml", 2, 5, "r", "m"),
        ("a.yaml", 10, 1, "r", "m"),
        ("b.yaml", 1, 1, "r", "m"),
    ]


# --- positions ----------------------------------------------------------------------------

DOC = """\
# a comment first
id: alpha-2023
authors:
  - Ann Author
  - Ben Builder
links:
  doi: 10.1234/x
  code: https://example.org
datasets: [rsitmd, rsicd]
splits:
  - name: a
    train_images: 5
flow: {a: 1, b: 2}
"""


@pytest.mark.parametrize(
    "loc, position",
    [
        ((), (2, 1)),  # the document starts at its first key, after the comment
        (("id",), (2, 1)),
        (("authors",), (3, 1)),
        (("authors", 1), (5, 5)),
        (("authors", 7), (3, 1)),  # no such item: the nearest part that exists
        (("links", "code"), (8, 3)),
        (("links", "project"), (6, 1)),
        (("datasets", 1), (9, 20)),
        (("splits", 0, "train_images"), (12, 5)),
        (("flow", "b"), (13, 14)),
        (("nope", "deeper"), (2, 1)),
        (("id", "deeper"), (2, 1)),  # a scalar has no parts
    ],
)
def test_locate(loc: tuple, position: tuple[int, int]) -> None:
    assert locate(yaml.compose(DOC), loc) == position


def test_resolve_fills_positions_from_the_file_and_keeps_given_ones(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(DOC, encoding="utf-8")
    out = resolve(
        [
            Diagnostic("a.yaml", "r1", "m", loc=("links", "code")),
            Diagnostic("a.yaml", "r2", "m", loc=("links", "code"), line=40, col=2),
            Diagnostic("missing.yaml", "r3", "m", loc=("id",)),
        ],
        tmp_path,
    )
    assert [(d.path, d.rule, d.line, d.col) for d in out] == [
        ("a.yaml", "r1", 8, 3),
        ("a.yaml", "r2", 40, 2),
        ("missing.yaml", "r3", 1, 1),
    ]


def test_resolve_survives_files_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "latin1.yaml").write_bytes(b"id: caf\xe9\n")
    (tmp_path / "broken.yaml").write_text("id: [x\n", encoding="utf-8")
    out = resolve(
        [Diagnostic("latin1.yaml", "r", "m", loc=("id",)), Diagnostic("broken.yaml", "r", "m", loc=("id",))], tmp_path
    )
    assert [(d.path, d.line, d.col) for d in out] == [("broken.yaml", 1, 1), ("latin1.yaml", 1, 1)]


# --- pydantic errors to diagnostics -----------------------------------------------------------


def test_every_error_of_a_record_is_a_diagnostic(fixed_today: dt.date) -> None:
    data = {
        "id": "Alpha",
        "title": " ",
        "authors": [],
        "venue": "tgrs",
        "year": 1900,
        "category": "x",
        "links": {"doi": "doi:10.1/x", "cdoe": "y"},
        "added": "yesterday",
        "extra": 1,
    }
    with pytest.raises(ValidationError) as exc:
        Paper.model_validate(data)
    got = [(d.rule, d.field, d.message, d.hint) for d in to_diagnostics("p.yaml", Paper, exc.value)]
    assert got == [
        (
            "id-syntax",
            "id",
            "'Alpha' is not a valid id: use lower-case letters, digits and single hyphens",
            "did you mean `alpha`?",
        ),
        ("empty-text", "title", "must not be empty", None),
        ("too-short", "authors", "must not be empty", "list at least one entry"),
        ("year-range", "year", "year 1900 is outside 1990..2027", None),
        ("unknown-category", "category", "'x' is not one of: closed-domain, open-domain, hashing", None),
        (
            "doi-syntax",
            "links.doi",
            "'doi:10.1/x' is a DOI link, not a bare DOI: write only the part starting with '10.'",
            None,
        ),
        ("unknown-field", "links.cdoe", "unknown field", "did you mean `code`?"),
        ("date-syntax", "added", "'yesterday' is not a date", "write dates as YYYY-MM-DD, e.g. 2023-12-07"),
        ("unknown-field", "extra", "unknown field", "remove it, or check the schema in schema/ for the allowed fields"),
    ]


# --- warnings ---------------------------------------------------------------------------------


def test_warnings_are_printed_but_do_not_fail(
    make_project: Callable[..., Path], fixed_today, monkeypatch: pytest.MonkeyPatch
) -> None:
    def check(catalog):
        for paper in catalog.papers:
            yield Diagnostic(
                paper.source.as_posix(), "test-warning", "just so you know", loc=("title",), severity="warning"
            )

    monkeypatch.setattr(rules, "RULES", [*rules.RULES, types.SimpleNamespace(RULE="test-warning", check=check)])
    result = CliRunner().invoke(main, ["--root", str(make_project()), "validate"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "ok: 1 papers, 1 datasets, 0 results (1 warning)\n",
        "data/papers/alpha-2023.yaml:2:1: warning[test-warning] title: just so you know\n",
    )
