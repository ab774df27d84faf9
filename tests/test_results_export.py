"""`rsitr-list export`: every result with provenance, as JSON and CSV, byte for byte stable."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from rsitr_list.cli import main
from rsitr_list.derive import derive
from rsitr_list.export.results import CSV_COLUMNS, results_csv, results_json
from rsitr_list.pipeline import load_catalog
from rsitr_list.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def run_cli(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def small_project(make_project: Callable[..., Path]) -> Path:
    project = make_project()
    (project / "data/results").mkdir()
    shutil.copy(FIXTURES / "results/valid-table.yaml", project / "data/results/alpha-2023-table1.yaml")
    return project


def test_export_writes_json_and_csv_with_every_result(make_project: Callable[..., Path], fixed_today) -> None:
    project = small_project(make_project)
    result = run_cli("--root", project, "export")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"exported: 2 results to {project / 'exports'} (11 of 11 files changed)\n"

    doc = json.loads((project / "exports/results.json").read_text(encoding="utf-8"))
    assert (doc["format"], doc["version"]) == ("rsitr-list results", 2)
    alpha, vse = doc["results"]
    assert alpha["id"] == "alpha-2023-table1:0"
    assert alpha["recalls"] == {
        "i2t_r1": 10.5,
        "i2t_r5": 30.25,
        "i2t_r10": 45.0,
        "t2i_r1": 9.75,
        "t2i_r5": 35.5,
        "t2i_r10": 52.0,
    }
    assert (alpha["mR"], alpha["mR_printed"], alpha["mR_computed"], alpha["venue"], alpha["year"]) == (
        30.5,
        30.5,
        False,
        "TGRS",
        2023,
    )
    assert alpha["source"] == {
        "label": "Alpha (TGRS 2023), Table 1",
        "paper_id": "alpha-2023",
        "table": "Table 1",
        "repo": "example/alpha",
        "commit": "0123456789abcdef0123456789abcdef01234567",
        "path": "results.png",
        "url": "https://example.org/alpha/results.png",
        "file": "data/results/alpha-2023-table1.yaml",
        "row": 0,
    }
    # No mR printed for VSE++: the export gives the computed one and says so.
    assert (vse["mR"], vse["mR_printed"], vse["mR_computed"], vse["kind"]) == (20.33, None, True, "quoted")
    assert doc["leaderboards"] == [
        {
            "dataset": "rsitmd",
            "view": "main",
            "source": None,
            "candidates": 2,
            "rows": [
                {"rank": 1, "result": "alpha-2023-table1:0", "conflicting": False},
                {"rank": 2, "result": "alpha-2023-table1:1", "conflicting": False},
            ],
        }
    ]

    rows = list(csv.DictReader(io.StringIO((project / "exports/results.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    # The CSV shows numbers as the source prints them: two decimals.
    assert [rows[0][k] for k in ("i2t_r10", "t2i_r10", "mR", "mean_of_six")] == ["45.00", "52.00", "30.50", "30.5000"]
    assert [rows[1][k] for k in ("mR", "mR_printed", "mR_computed")] == ["20.33", "", "true"]


def test_export_twice_changes_nothing_and_out_flag_wins(
    make_project: Callable[..., Path], fixed_today, tmp_path: Path
) -> None:
    project = small_project(make_project)
    assert run_cli("--root", project, "export").exit_code == 0
    first = {p.name: p.read_bytes() for p in (project / "exports").iterdir()}
    again = run_cli("--root", project, "export")
    assert again.stdout.endswith("(0 of 11 files changed)\n")
    out = tmp_path / "elsewhere"
    assert run_cli("--root", project, "export", "--out", out).exit_code == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


def test_export_dir_comes_from_pyproject(make_project: Callable[..., Path], fixed_today) -> None:
    project = small_project(make_project)
    (project / "pyproject.toml").write_text('[tool.rsitr-list]\nexports_dir = "dist/data"\n', encoding="utf-8")
    assert run_cli("--root", project, "export").exit_code == 0
    assert sorted(p.name for p in (project / "dist/data").iterdir()) == [
        "CITATION.cff",
        "datasets.json",
        "feed.xml",
        "papers.json",
        "refs-closed-domain.bib",
        "refs-hashing.bib",
        "refs-open-domain.bib",
        "refs.bib",
        "results.csv",
        "results.json",
    ]


def test_export_refuses_invalid_data(make_project: Callable[..., Path], fixed_today) -> None:
    project = small_project(make_project)
    table = project / "data/results/alpha-2023-table1.yaml"
    table.write_text(table.read_text(encoding="utf-8").replace("t2i_r10: 35.5", "t2i_r10: 135.5"), encoding="utf-8")
    result = run_cli("--root", project, "export")
    assert result.exit_code == 1 and "error[result-recall-range]" in result.stderr
    assert not (project / "exports").exists()


def test_project_export_is_deterministic_whatever_the_load_order(tmp_path: Path) -> None:
    settings = load_settings(ROOT, {"cache_dir": str(tmp_path / "cache")})
    catalog = load_catalog(settings).catalog
    json_text, csv_text = results_json(derive(catalog)), results_csv(derive(catalog))
    # Every row is exported, the 5 partial (mR-only) ones marked partial.
    assert (len(catalog.results), sum(r.partial for r in catalog.results)) == (313, 5)
    records = json.loads(json_text)["results"]
    assert len(records) == 313 and sum(r["partial"] for r in records) == 5
    assert all(r["recalls"] == dict.fromkeys(r["recalls"]) for r in records if r["partial"])
    assert csv_text.count("\n") == 314
    random.Random(7).shuffle(catalog.results)
    assert (results_json(derive(catalog)), results_csv(derive(catalog))) == (json_text, csv_text)
    # A cold load (no parse cache) gives the same bytes too.
    cold = load_catalog(load_settings(ROOT, {"cache_dir": str(tmp_path / "cold")})).catalog
    assert (results_json(derive(cold)), results_csv(derive(cold))) == (json_text, csv_text)
