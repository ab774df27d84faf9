"""Result records: the warning rule's fixture, and field checks specific to results.

The error rules' fixtures (tests/fixtures/rules/result-*/) run in tests/test_rules.py;
the mR rule only warns, so its fixture validates and builds, and is run here.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from rsitr_list.cli import main
from rsitr_list.derive.entries import entries
from rsitr_list.pipeline import load_catalog
from rsitr_list.settings import load_settings

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
        0,
        "ok: 1 papers, 1 datasets, 3 results (1 warning)\n",
        expected,
    )
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
    text = (
        (FIXTURES / "results/valid-table.yaml").read_text(encoding="utf-8").replace("i2t_r5: 30.25", "i2t_r5: '30.25'")
    )
    result = run_cli("--root", project_with_table(make_project, text), "validate")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "data/results/alpha-2023-table1.yaml:21:5: error[wrong-type] results[0].i2t_r5: input should be a valid "
        "number, got str '30.25'\n"
    )


def test_unknown_kind_gets_a_hint(make_project: Callable[..., Path], fixed_today) -> None:
    text = (FIXTURES / "results/valid-table.yaml").read_text(encoding="utf-8").replace("kind: quoted", "kind: qouted")
    result = run_cli("--root", project_with_table(make_project, text), "validate")
    assert result.stderr == (
        "data/results/alpha-2023-table1.yaml:30:5: error[unknown-value] results[1].kind: 'qouted' is not one of: "
        "own, quoted, rerun\n"
        "  hint: did you mean `quoted`?\n"
        "validation failed: 1 error, 0 warnings\n"
    )


# --- partial rows, acknowledged misprints, settings --------------------------------------

VALID = (FIXTURES / "results/valid-table.yaml").read_text(encoding="utf-8")
PARTIAL_ROW = """  - label: Beta (abstract)
    method: Beta
    dataset: rsitmd
    kind: own
    partial: true
    mR: 99.5
"""


def test_partial_row_validates_without_recalls_and_stays_off_the_boards(
    make_project: Callable[..., Path], fixed_today
) -> None:
    project = project_with_table(make_project, VALID + PARTIAL_ROW)
    result = run_cli("--root", project, "validate")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "ok: 1 papers, 1 datasets, 3 results\n", "")
    shutil.copytree(ROOT / "templates", project / "templates")
    assert run_cli("--root", project, "build", "--no-site").exit_code == 0
    readme = (project / "README.md").read_text(encoding="utf-8")
    # The highest mR of the file, but never ranked on a README board.
    assert "Alpha" in readme and "Beta" not in readme and "99.5" not in readme


def test_partial_row_has_no_mean_and_no_mismatch(make_project: Callable[..., Path], fixed_today) -> None:
    project = project_with_table(make_project, VALID + PARTIAL_ROW)
    row = load_catalog(load_settings(project)).catalog.results[2]
    assert (row.partial, row.recalls(), row.mean_of_six(), row.mr_mismatch()) == (True, (None,) * 6, None, False)


def test_complete_row_without_a_recall_names_the_fix(make_project: Callable[..., Path], fixed_today) -> None:
    text = VALID.replace("    i2t_r5: 30.25\n", "").replace("    t2i_r1: 9.75\n", "")
    result = run_cli("--root", project_with_table(make_project, text), "validate")
    assert result.stderr == (
        "data/results/alpha-2023-table1.yaml:15:5: error[result-partial] results[0].i2t_r5: i2t_r5, t2i_r1 are "
        "missing: a complete row gives all six recalls; set `partial: true` if the source prints only an mR\n"
        "validation failed: 1 error, 0 warnings\n"
    )


def test_acknowledged_misprint_on_a_partial_row_is_an_error(make_project: Callable[..., Path], fixed_today) -> None:
    text = VALID + PARTIAL_ROW + "    mr_misprint: true\n    note: Said to be a misprint.\n"
    result = run_cli("--root", project_with_table(make_project, text), "validate")
    assert "error[result-misprint] results[2].mr_misprint: a partial row has no recalls" in result.stderr


def test_acknowledged_misprint_still_shows_as_a_mismatch(make_project: Callable[..., Path], fixed_today) -> None:
    project = make_project(FIXTURES / "rules" / "result-mr-mismatch")
    loaded = load_catalog(load_settings(project))
    acknowledged = [e for e in entries(loaded.catalog) if e.variant == "acknowledged"]
    assert [(e.mr_mismatch, e.mR) for e in acknowledged] == [(True, 31.5)]
    assert [d.loc for d in loaded.diagnostics] == [("results", 0, "mR")]


@pytest.mark.parametrize(
    "setting, field, text, errors",
    [
        ("no-vlp", "note", "Captions longer than 77 tokens are clipped.", 0),  # words, not the model
        ("no-vlp", "note", "Figures held with a paperclip.", 0),
        ("no-vlp", "note", "Fine-tuned from the OpenAI CLIP weights.", 1),
        ("no-vlp", "basis", 'Listed under "CLIP-based methods".', 1),
        ("general-vlp", "note", "Fine-tuned from the OpenAI CLIP weights.", 0),
        ("unstated", "basis", "HarMA has a CLIP and a GeoRSCLIP variant.", 0),
        ("no-vlp", "backbone", "ViLT", 1),
        ("no-vlp", "backbone", "ResNet-50", 0),
    ],
)
def test_no_vlp_row_must_not_name_a_vision_language_model(
    make_project: Callable[..., Path], fixed_today, setting: str, field: str, text: str, errors: int
) -> None:
    body = VALID.replace("  setting: no-vlp\n", f"  setting: {setting}\n")
    if field == "note":
        body += f"    note: {text}\n"
    elif field == "basis":
        body = body.replace(
            "  setting_basis: The table lists unimodal backbones only.\n", f"  setting_basis: '{text}'\n"
        )
    else:
        body = body.replace("  setting_basis:", f"  image_backbone: {text}\n  setting_basis:")
    result = run_cli("--root", project_with_table(make_project, body), "validate")
    assert result.stderr.count("error[result-setting-vlm]") == errors, result.stderr
    assert result.exit_code == (1 if errors else 0)
