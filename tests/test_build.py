"""End-to-end behaviour of `rsitr-list build` on the project's own data.

Each test works on a copy of data/ and templates/ in a temporary folder, so the
repository is never written to.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from projects import copy_project
from rsitr_list.cli import main
from rsitr_list.core import write as write_mod

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def build(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), "build", "--no-site", *args])


def snapshot(root: Path) -> dict[str, bytes]:
    files = [root / "README.md", *sorted((root / "schema").glob("*.json"))]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files if p.exists()}


def test_build_writes_readme_and_schemas(project: Path) -> None:
    result = build(project)
    assert result.exit_code == 0, result.output
    readme = (project / "README.md").read_text(encoding="utf-8")
    first, title = readme.splitlines()[:2]
    # GitHub hides the comment; an editor opening the file sees it first.
    assert first.startswith("<!-- Generated from data/") and "rsitr-list build" in first
    assert title == "# 🌍 Awesome Remote Sensing Image-Text Retrieval"
    assert "## Set up" in readme and "make test" in readme
    schemas = sorted(p.name for p in (project / "schema").glob("*.json"))
    assert {"paper.schema.json", "dataset.schema.json", "list.schema.json"} <= set(schemas)


def test_same_data_gives_byte_identical_output(project: Path, tmp_path: Path) -> None:
    assert build(project).exit_code == 0
    first = snapshot(project)
    # A second project with the same data, built from a cold cache, in another folder.
    other = tmp_path / "other"
    shutil.copytree(project, other, ignore=shutil.ignore_patterns(".cache", "README.md", "schema"))
    assert build(other).exit_code == 0
    assert snapshot(other) == first
    # And a rebuild in place changes nothing.
    result = build(project)
    assert result.exit_code == 0 and "(0 changed)" in result.output


def test_committed_readme_is_up_to_date() -> None:
    # The CI gate: the README in the repository is what the data produces.
    result = CliRunner().invoke(main, ["--root", str(ROOT), "build", "--check"])
    assert result.exit_code == 0, result.output


def test_check_fails_on_stale_readme_and_names_it(project: Path) -> None:
    assert build(project).exit_code == 0
    assert build(project, "--check").exit_code == 0
    paper = project / "data" / "papers" / "pir-2023.yaml"
    paper.write_text(paper.read_text().replace("Cong Bai", "Cong Bai Changed"))
    before = (project / "README.md").read_bytes()
    result = build(project, "--check")
    assert result.exit_code == 1
    assert f"stale: {project / 'README.md'}" in result.output
    # A short diff says what changed.
    assert "-  - Zhong Ji, Changxu Meng" not in result.output
    assert any(line.strip().startswith("+") and "Cong Bai Changed" in line for line in result.output.splitlines())
    assert any(
        line.strip().startswith("-") and "Cong Bai" in line and "Changed" not in line
        for line in result.output.splitlines()
    )
    assert (project / "README.md").read_bytes() == before  # --check writes nothing


def test_check_diff_is_short(project: Path) -> None:
    assert build(project).exit_code == 0
    (project / "README.md").write_text("nothing like the list\n" * 500, encoding="utf-8")
    result = build(project, "--check")
    assert result.exit_code == 1
    assert "more diff lines" in result.output
    assert len(result.output.splitlines()) < 40


def test_site_url_setting_links_the_readme_to_the_website(project: Path) -> None:
    assert build(project).exit_code == 0
    assert "Browse it on the website" not in (project / "README.md").read_text(encoding="utf-8")
    result = build(project, "--site-url", "https://example.org/rsitr/")
    assert result.exit_code == 0, result.output
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "[https://example.org/rsitr/](https://example.org/rsitr/)" in readme


def test_readme_lists_each_board_in_its_table_of_contents_and_methods_before_reruns(project: Path) -> None:
    assert build(project).exit_code == 0
    readme = (project / "README.md").read_text(encoding="utf-8")
    toc = readme[readme.index("## 🧭") : readme.index("## 📊")]
    for name in ("RSICD", "RSITMD", "UCM-Captions", "Sydney-Captions", "NWPU-Captions"):
        assert f"    - [{name}](#{name.lower()})" in toc
        assert f"\n### {name}\n" in readme
    assert readme.index("## 📖 RSITR Method") < readme.index("\n## Re-runs\n")
    assert "- [ACM MM 2023] | PIR: **A Prior Instruction Representation Framework" in readme
    assert "⚠️ (mean " in readme


def test_invalid_data_reports_all_errors_and_writes_nothing(project: Path) -> None:
    assert build(project).exit_code == 0
    before = snapshot(project)
    mtime = (project / "README.md").stat().st_mtime_ns
    (project / "data" / "papers" / "pir-2023.yaml").write_text(
        (project / "data" / "papers" / "pir-2023.yaml").read_text().replace("venue: acm-mm", "venue: acm-mn")
    )
    (project / "data" / "datasets" / "rsicd.yaml").write_text(
        (project / "data" / "datasets" / "rsicd.yaml").read_text().replace("images: 10921", "images: many")
    )
    result = build(project)
    assert result.exit_code == 1
    assert "data/papers/pir-2023.yaml:" in result.output and "error[unknown-venue] venue" in result.output
    assert "data/datasets/rsicd.yaml:" in result.output and "error[wrong-type] images" in result.output
    assert "Traceback" not in result.output
    assert snapshot(project) == before
    assert (project / "README.md").stat().st_mtime_ns == mtime


def test_failure_while_writing_leaves_every_output_untouched(project: Path, monkeypatch) -> None:
    assert build(project).exit_code == 0
    (project / "data" / "papers" / "pir-2023.yaml").write_text(
        (project / "data" / "papers" / "pir-2023.yaml").read_text().replace("Cong Bai", "C. Bai")
    )
    (project / "schema" / "paper.schema.json").write_text("{}\n")  # so two outputs are stale
    before = snapshot(project)
    real_fdopen = os.fdopen
    calls = {"n": 0}

    def failing_fdopen(fd, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # the second temporary file cannot be written
            os.close(fd)
            raise OSError(28, "No space left on device")
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(write_mod.os, "fdopen", failing_fdopen)
    result = build(project)
    assert result.exit_code != 0
    assert snapshot(project) == before
    leftovers = [p for p in project.rglob("*.tmp")]
    assert leftovers == []


def test_readme_passes_markdownlint(project: Path) -> None:
    assert build(project).exit_code == 0
    lint = ROOT / "node_modules" / ".bin" / "markdownlint-cli2"
    if not lint.exists():
        pytest.fail("markdownlint-cli2 is not installed: run `make test`, which installs it from package.json")
    shutil.copy(ROOT / ".markdownlint-cli2.jsonc", project / ".markdownlint-cli2.jsonc")
    proc = subprocess.run([str(lint), "README.md"], cwd=project, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_setting_is_listed_in_pyproject() -> None:
    # pyproject.toml is where users learn the config keys: each Settings field is there.
    import tomllib

    from rsitr_list.settings import Endpoints, Settings

    table = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["rsitr-list"]
    assert set(Settings.model_fields) - {"root"} == set(table)
    assert set(Endpoints.model_fields) == set(table["endpoints"])


def test_replace_file_never_leaves_half_a_file(tmp_path: Path) -> None:
    # Every cache is written through core.write.replace_file: the old bytes or the new, nothing between.

    from rsitr_list.core.write import replace_file

    dest = tmp_path / "cache" / "a.json"
    replace_file(dest, b"old")
    assert dest.read_bytes() == b"old"
    with pytest.raises(TypeError):
        replace_file(dest, "not bytes")  # type: ignore[arg-type]
    assert dest.read_bytes() == b"old" and [p.name for p in dest.parent.iterdir()] == ["a.json"]
    replace_file(dest, b"new")
    assert dest.read_bytes() == b"new" and [p.name for p in dest.parent.iterdir()] == ["a.json"]
