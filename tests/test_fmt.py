"""`rsitr-list fmt`: one canonical layout, idempotent, comments kept, data and outputs unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from rsitr_list.cli import main
from rsitr_list.fmt import WIDTH, format_text
from rsitr_list.kinds import Kind

ROOT = Path(__file__).resolve().parents[1]
REF = "../../schema/paper.schema.json"


def cli(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--root", str(root), *args], catch_exceptions=False)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """The repository's own data, templates and settings, to format and build in tmp_path."""
    root = tmp_path / "repo"
    for sub in ("data", "templates"):
        shutil.copytree(ROOT / sub, root / sub)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def outputs(root: Path) -> dict[str, bytes]:
    for args in (["build", "--no-site"], ["export"]):
        result = cli(root, *args)
        assert result.exit_code == 0, result.output
    return {
        "README.md": (root / "README.md").read_bytes(),
        **{f"exports/{k}": v for k, v in files_of(root / "exports").items()},
    }


def test_fmt_on_the_repository_data_keeps_every_output_byte_identical(repo_copy: Path) -> None:
    before = outputs(repo_copy)
    first = cli(repo_copy, "fmt")
    assert first.exit_code == 0, first.output
    formatted = files_of(repo_copy / "data")
    assert cli(repo_copy, "validate").exit_code == 0
    assert outputs(repo_copy) == before
    # Idempotent: a second run changes nothing, and --check agrees.
    again = cli(repo_copy, "fmt")
    assert again.exit_code == 0 and "formatted: 0 of" in again.stdout
    assert files_of(repo_copy / "data") == formatted
    check = cli(repo_copy, "fmt", "--check")
    assert check.exit_code == 0, check.output
    for name, text in formatted.items():
        assert text.decode().startswith("# yaml-language-server: $schema=../"), name


def test_check_lists_the_files_that_would_change_and_writes_nothing(repo_copy: Path) -> None:
    assert cli(repo_copy, "fmt").exit_code == 0
    paper = repo_copy / "data/papers/pir-2023.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace("method: PIR\n", "") + "method: PIR\n", encoding="utf-8")
    before = files_of(repo_copy / "data")
    result = cli(repo_copy, "fmt", "--check")
    assert result.exit_code == 1
    assert result.stderr == "would reformat: data/papers/pir-2023.yaml (run `rsitr-list fmt`)\n"
    assert files_of(repo_copy / "data") == before
    # PATHS are relative to the working folder, as for any command.
    assert cli(repo_copy, "fmt", str(paper)).exit_code == 0
    assert cli(repo_copy, "fmt", "--check").exit_code == 0


MESSY = """\
# A comment above everything that is not the schema line.
title: "Probe Retrieval"   # the title as printed
id: probe-2024
added: 2024-01-02
category: closed-domain
links:
  code: https://example.org/code   # official
  doi: 10.1234/probe
  arxiv: '2301.01230'
authors: [Ann Author, Ben Builder]
venue: tgrs
# Why the year is 2024: the volume's year.
year: 2024
datasets:
  - rsicd
  - rsitmd
extra_key: kept for validate to report
note: "A long note that goes on and on about the paper, its versions and its corrections, far past the width of one line."
"""


def test_keys_follow_the_model_comments_stay_and_long_notes_fold() -> None:
    out = format_text(MESSY, Kind.paper, REF)
    lines = out.splitlines()
    assert lines[0] == f"# yaml-language-server: $schema={REF}"
    keys = [line.split(":")[0] for line in lines if line and not line.startswith((" ", "#", "-"))]
    assert keys == [
        "id",
        "title",
        "authors",
        "venue",
        "year",
        "category",
        "links",
        "datasets",
        "added",
        "note",
        "extra_key",
    ]
    for comment in ("# A comment above everything", "# the title as printed", "# official", "# Why the year is 2024"):
        assert comment in out
    assert "title: Probe Retrieval" in out  # quotes only where YAML needs them
    assert "  arxiv: '2301.01230'" in out
    assert "datasets: [rsicd, rsitmd]" in out
    assert "authors:\n  - Ann Author\n  - Ben Builder\n" in out
    assert "note: >-\n  A long note" in out
    assert max(len(line) for line in lines if not line.startswith("#")) <= WIDTH
    assert yaml.safe_load(out) == yaml.safe_load(MESSY)
    assert format_text(out, Kind.paper, REF) == out


def test_an_old_schema_line_is_replaced() -> None:
    out = format_text("# yaml-language-server: $schema=../old.json\nid: x\n", Kind.paper, REF)
    assert out == f"# yaml-language-server: $schema={REF}\nid: x\n"


def test_text_that_folding_would_change_stays_on_one_line() -> None:
    note = "two  spaces and a trailing space " * 5
    out = format_text(f"note: {note!r}\n".replace('"', "'"), Kind.paper, REF)
    assert yaml.safe_load(out)["note"] == note
    assert ">-" not in out


def test_a_broken_file_fails_the_run_and_nothing_is_written(repo_copy: Path) -> None:
    (repo_copy / "data/papers/broken-2024.yaml").write_text("id: broken-2024\ntitle: [unclosed\n", encoding="utf-8")
    before = files_of(repo_copy / "data")
    result = cli(repo_copy, "fmt")
    assert result.exit_code == 1
    assert "data/papers/broken-2024.yaml:3:1: error[fmt]: invalid YAML" in result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.output
    assert files_of(repo_copy / "data") == before


def test_a_file_outside_the_data_folder_is_refused(repo_copy: Path) -> None:
    other = repo_copy / "elsewhere.yaml"
    other.write_text("a: 1\n", encoding="utf-8")
    result = cli(repo_copy, "fmt", str(other))
    assert result.exit_code == 1 and "not a data file" in result.stderr
    assert other.read_text(encoding="utf-8") == "a: 1\n"
