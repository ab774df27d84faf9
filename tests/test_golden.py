"""Outputs on a frozen copy of the data stay byte-identical across refactors.

tests/fixtures/golden/ holds a copy of data/ and the README, JSON Schemas and exports
generated from it. A change that alters any byte of them must be intended: then
regenerate the golden files (see the bottom of this module) and say why in the commit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from projects import copy_project
from rsitr_list.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "fixtures" / "golden"


def _project(tmp: Path) -> Path:
    return copy_project(tmp / "project", GOLDEN / "data")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_readme_schemas_and_exports_match_the_golden_files(tmp_path: Path) -> None:
    project = _project(tmp_path)
    runner = CliRunner()
    build = runner.invoke(main, ["--root", str(project), "build", "--no-site"])
    assert build.exit_code == 0, build.output
    export = runner.invoke(main, ["--root", str(project), "export", "--out", "exports"])
    assert export.exit_code == 0, export.output

    assert (project / "README.md").read_bytes() == (GOLDEN / "README.md").read_bytes()
    assert _files(project / "schema") == _files(GOLDEN / "schema")
    assert _files(project / "exports") == _files(GOLDEN / "exports")


def regenerate() -> None:
    """Rewrite the golden outputs from the golden data: `python3 tests/test_golden.py`."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        project = _project(Path(tmp))
        runner = CliRunner()
        for args in (["build", "--no-site"], ["export", "--out", "exports"]):
            result = runner.invoke(main, ["--root", str(project), *args])
            assert result.exit_code == 0, result.output
        shutil.copy(project / "README.md", GOLDEN / "README.md")
        for sub in ("schema", "exports"):
            shutil.rmtree(GOLDEN / sub)
            shutil.copytree(project / sub, GOLDEN / sub)


if __name__ == "__main__":
    regenerate()
