"""Result records: the warning rule's fixture, and field checks specific to results.

The error rules' fixtures (tests/fixtures/rules/result-*/) run in tests/test_rules.py;
the mR rule only warns, so its fixture validates and builds, and is run here.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

from click.testing import CliRunner

from rsitr_list.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TABLE = "data/results/alpha-2023-table1.yaml"


def run_cli(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def project_with_table(make_project: Callable[..., Path], text: str | None = None) -> Path:
    project = make_project()
    (project / "data/results").mkdir()
    body = text if text is not None else (FIXTURES / "results/valid-table.yaml").read_text(encoding="utf-8")
    (project / TABLE).write_text(body, encoding="utf-8")
    return project


def test_mr_mismatch_warns_passes_and_is_shown(make_project: Callable[..., Path], fixed_today) -> None:
    fixture = FIXTURES / "rules" / "result-mr-mismatch"
    expected = (fixture / "expected.txt").read_text(encoding="utf-8")
    assert "warning[result-mr-mismatch]" in expected and "error[" not in expected
    project = make_project(fixture)

    result = run_cli("--root", project, "validate")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "ok: 1 papers, 1 datasets, 3 results (1 warning)\n", expected)
    # The third row repeats the mismatch but acknowledges it as a known misprint: no second warning.
    assert expected.count("warning[") == 1 and "results[2]" not in expected

    shutil.copytree(ROOT / "templates", project / "templates")
    built = run_cli("--root", project, "build", "--no-site")
    # build does not repeat what validate shows: one line counts the warnings.
    assert (built.exit_code, built.stderr) == (0, "1 warning (`rsitr-list validate` shows them)\n")
    readme = (project / "README.md").read_text(encoding="utf-8")
    # The printed value stays, with the flag; it is not replaced by the mean (30.50).
    assert "**31.50** ⚠️" in readme and "**30.50**" not in readme
    # An acknowledged misprint is still a mismatch on the board: both rows keep the flag.
    assert readme.count("31.50** ⚠️") == 2


def test_valid_table_is_clean(make_project: Callable[..., Path], fixed_today) -> None:
    result = run_cli("--root", project_with_table(make_project), "validate")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "ok: 1 papers, 1 datasets, 2 results\n", "")


def test_quoted_number_is_a_type_error(make_project: Callable[..., Path], fixed_today) -> None:
    text = (FIXTURES / "results/valid-table.yaml").read_text(encoding="utf-8").replace(
        "i2t_r5: 30.25", "i2t_r5: '30.25'")
    result = run_cli("--root", project_with_table(make_project, text), "validate")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "data/results/alpha-2023-table1.yaml:21:5: error[wrong-type] results[0].i2t_r5: input should be a valid "
        "number, got str '30.25'\n")


def test_unknown_kind_gets_a_hint(make_project: Callable[..., Path], fixed_today) -> None:
    text = (FIXTURES / "results/valid-table.yaml").read_text(encoding="utf-8").replace(
        "kind: quoted", "kind: qouted")
    result = run_cli("--root", project_with_table(make_project, text), "validate")
    assert result.stderr == (
        "data/results/alpha-2023-table1.yaml:30:5: error[unknown-value] results[1].kind: 'qouted' is not one of: "
        "own, quoted, rerun\n"
        "  hint: did you mean `quoted`?\n"
        "validation failed: 1 error, 0 warnings\n")
