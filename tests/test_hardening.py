"""Input hardening beyond the corpus (tests/test_broken_inputs.py): rule ids, clashes and
git, the file reader's limits, positions of refused documents, printing, root discovery."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import typing
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError
from pydantic_core.core_schema import ErrorType

from rsitr_list import load, positions, rules
from rsitr_list.cli import main
from rsitr_list.core import signed
from rsitr_list.diagnostics import Diagnostic, printable
from rsitr_list.field_errors import FIELD_RULES, rule_for, to_diagnostics, unknown_field_hint
from rsitr_list.git_changes import changed_paths
from rsitr_list.models import Paper, PaperLinks
from rsitr_list.project import find_project_root
from rsitr_list.settings import load_settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KNOWN_RULES = set(FIELD_RULES) | {m.RULE for m in rules.RULES}
PAPER = "data/papers/alpha-2023.yaml"


def run_cli(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


# --- no raw pydantic error type reaches a contributor -------------------------------------


@pytest.mark.parametrize("error_type", typing.get_args(ErrorType))
def test_every_pydantic_error_type_maps_to_one_of_our_rule_ids(error_type: str) -> None:
    assert rule_for(error_type) in FIELD_RULES


def test_an_error_type_we_do_not_know_is_not_passed_through() -> None:
    assert rule_for("some_future_pydantic_type") == "wrong-type"
    assert rule_for("doi-syntax") == "doi-syntax"


def test_every_message_in_the_fixtures_has_a_known_rule_id() -> None:
    found = set()
    for expected in FIXTURES.glob("*/*/expected.txt"):
        found |= set(re.findall(r"(?:error|warning)\[([^\]]+)\]", expected.read_text(encoding="utf-8")))
    assert found and found <= KNOWN_RULES, found - KNOWN_RULES


def test_a_non_text_key_reaching_pydantic_gets_our_rule_id() -> None:
    # The loader refuses such keys first (yaml-key); this is the net below it.
    with pytest.raises(ValidationError) as exc:
        PaperLinks.model_validate({1: "x"})
    assert [(d.rule, d.message) for d in to_diagnostics("p.yaml", PaperLinks, exc.value)] == [
        ("yaml-key", "key 1 is not a field name")
    ]


@pytest.mark.parametrize(
    "name, value, owner, hint",
    [
        ("github", "https://github.com/a/b", PaperLinks, "did you mean `code`?"),
        ("repo", "https://example.org/x", PaperLinks, "did you mean `code`?"),
        ("url", "https://github.com/a/b", PaperLinks, "did you mean `code`?"),
        ("url", "https://example.org/paper", PaperLinks, "did you mean `paper`?"),
        ("arxiv_id", "2301.01230", PaperLinks, "did you mean `arxiv`?"),
        ("github", "https://github.com/a/b", Paper, "did you mean `links.code`? (indented under `links:`)"),
        ("doi", "10.1/x", Paper, "did you mean `links.doi`? (indented under `links:`)"),
        ("autors", ["A"], Paper, "did you mean `authors`?"),
        ("zzzz", 1, Paper, None),
    ],
)
def test_unknown_field_hints(name: str, value: object, owner, hint: str | None) -> None:
    assert unknown_field_hint(name, value, owner) == hint


# --- printing -------------------------------------------------------------------------------


def test_printed_diagnostics_cannot_move_the_terminal_or_fake_a_line() -> None:
    d = Diagnostic(
        "data/papers/a\u202e.yaml",
        "url-scheme",
        "'\x1b[2J\nfake: error' is not a URL",
        loc=("links", "code"),
        hint="see \u2067here",
        line=3,
        col=1,
    )
    text = d.format()
    assert text == (
        "data/papers/a\\u202e.yaml:3:1: error[url-scheme] links.code: '\\x1b[2J\\x0afake: error' "
        "is not a URL\n  hint: see \\u2067here"
    )
    assert printable("Café, 日本, naïve") == "Café, 日本, naïve"


def test_a_problem_with_the_path_itself_is_printed_without_a_position() -> None:
    d = Diagnostic("data/papers/x.yaml", "data-file", "this is a folder", line=Diagnostic.NO_POSITION)
    assert d.format() == "data/papers/x.yaml: error[data-file] this is a folder"
    assert positions.resolve([d], Path("/nonexistent")) == [d]  # not looked up as a field


# --- reading files ------------------------------------------------------------------------------


def test_a_large_file_is_refused_without_reading_it(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project()
    with open(project / "data/papers/big.yaml", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    read: list[int] = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        data = real_read(fd, n)
        read.append(len(data))
        return data

    monkeypatch.setattr(load.os, "read", counting_read)
    files, diags = load.load_tree(project)
    assert [(d.path, d.rule) for d in diags] == [("data/papers/big.yaml", "data-file")]
    assert sum(read) < 64 * 1024  # the five small files of the project, nothing of the big one


def test_a_file_that_grows_past_the_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"id: a\n")
    real_read = os.read
    monkeypatch.setattr(load.os, "read", lambda fd, n: real_read(fd, n) or b"x" * (1 << 20))
    got = load.read_limited(path, "a.yaml")
    assert isinstance(got, Diagnostic) and got.rule == "data-file" and "a data file may have at most" in got.message


def test_permission_denied_is_a_located_error_not_a_traceback(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, fixed_today
) -> None:
    project = make_project()
    target = os.path.abspath(project / PAPER)
    real_open = os.open

    def deny(path, flags, *args, **kwargs):
        if os.path.abspath(path) == target:
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(load.os, "open", deny)
    result = run_cli("--root", project, "validate")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "data/papers/alpha-2023.yaml: error[data-file] cannot be read: permission denied\n"
        "  hint: make the file readable (e.g. `chmod a+r`)\n"
        "validation failed: 1 error, 0 warnings\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file: the monkeypatched test above covers it")
def test_permission_denied_on_the_file_system(make_project: Callable[..., Path], fixed_today) -> None:
    project = make_project()
    (project / PAPER).chmod(0)
    result = run_cli("--root", project, "validate")
    assert result.exit_code == 1 and "error[data-file] cannot be read: permission denied" in result.stderr


def test_a_link_made_after_the_scan_is_still_not_followed(tmp_path: Path) -> None:
    (tmp_path / "target.yaml").write_text("id: secret\n", encoding="utf-8")
    (tmp_path / "a.yaml").symlink_to(tmp_path / "target.yaml")
    got = load.read_limited(tmp_path / "a.yaml", "a.yaml")
    assert isinstance(got, Diagnostic) and got.message == "this is a symbolic link, which is not followed"


def test_editor_lock_files_are_not_reported(make_project: Callable[..., Path], fixed_today) -> None:
    # Emacs keeps `.#name` symbolic links beside a file being edited; they are not records.
    project = make_project()
    (project / "data/papers/.#alpha-2023.yaml").symlink_to("user@host.1234:1700000000")
    assert run_cli("--root", project, "validate").exit_code == 0


# --- a file with thousands of errors: every one counted, the first ones shown -----------------


def test_a_file_with_thousands_of_errors_is_shown_in_part(make_project: Callable[..., Path], fixed_today) -> None:
    from rsitr_list.diagnostics import MAX_SHOWN_PER_FILE

    project = make_project()
    paper = project / PAPER
    n = 3000
    paper.write_text(
        paper.read_text(encoding="utf-8") + "".join(f"k{i}: {i}\n" for i in range(n)) + "github: x\n",
        encoding="utf-8",
    )
    other = project / "data/papers/beta-2024.yaml"
    other.write_text("id: beta-2024\n", encoding="utf-8")
    result = run_cli("--root", project, "validate")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    shown = [line for line in lines if line.startswith(PAPER + ":") and "error[" in line]
    assert len(shown) == MAX_SHOWN_PER_FILE
    # In line order: the first keys, each with its own line; the cut is said, with its count.
    assert shown[0].startswith(f"{PAPER}:") and "k0: unknown field" in shown[0]
    assert f"{PAPER}: {n + 1 - MAX_SHOWN_PER_FILE} more problems in this file not shown" in result.stderr
    # Another file's problems are still all shown, and the summary counts every error.
    beta = [line for line in lines if line.startswith("data/papers/beta-2024.yaml:1:1: error[missing-field]")]
    assert len(beta) >= 5
    assert lines[-1] == f"validation failed: {n + 1 + len(beta)} errors, 0 warnings"
    assert len(lines) <= 2 * (MAX_SHOWN_PER_FILE + len(beta)) + 2


def test_positions_of_many_keys_are_each_at_their_line(tmp_path: Path) -> None:
    text = "".join(f"k{i}: {i}\n" for i in range(2000)) + "k7: again\n"
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    diags = [Diagnostic("a.yaml", "unknown-field", "x", loc=(f"k{i}",)) for i in range(2000)]
    located = positions.resolve(diags, tmp_path)
    assert sorted(d.line for d in located) == list(range(1, 2001))
    # A key written twice is found where YAML first reads it.
    assert positions.locate(positions.compose_file(tmp_path / "a.yaml"), ("k7",)) == (8, 1)


# --- documents the loader refuses are not walked later either --------------------------------


@pytest.mark.parametrize("text", ["a: &x [*x]\n", "a: " + "[" * 100_000 + "]" * 100_000 + "\n"])
def test_positions_do_not_compose_a_refused_document(tmp_path: Path, text: str) -> None:
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    # The process would hang or die here if positions composed these as the loader once did.
    assert positions.compose_file(tmp_path / "a.yaml") is None


def test_only_files_with_anchors_or_deep_structure_pay_for_the_event_scan() -> None:
    # The shortcut must be sound: when it says "no scan", no anchor, alias or deep nesting is possible.
    ordinary = (FIXTURES / "minimal" / PAPER).read_text(encoding="utf-8")
    assert not load._needs_event_scan(ordinary)
    for text in [
        "a: &x 1\n",
        "a: *x\n",
        "a: " + "[" * 40 + "]" * 40,
        "note:\n" + "- " * 40 + "x\n",
        "".join("  " * i + f"k{i}:\n" for i in range(20)),
    ]:
        assert load._needs_event_scan(text), text


def test_the_cache_keeps_every_problem_of_a_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "papers").mkdir(parents=True)
    for name in ("list.yaml", "venues.yaml", "benchmarks.yaml"):
        (data / name).write_text("x: 1\n", encoding="utf-8")
    (data / "papers/a.yaml").write_text("a: !!binary aGk=\nb: !!set {x}\n1: one\n", encoding="utf-8")
    cold = load.load_tree(tmp_path, cache_dir=tmp_path / "cache")[1]
    warm = load.load_tree(tmp_path, cache_dir=tmp_path / "cache")[1]
    assert [(d.rule, d.line) for d in cold] == [("yaml-tag", 1), ("yaml-tag", 2), ("yaml-key", 3)]
    assert warm == cold


def _one_paper_tree(root: Path, blob: bytes) -> str:
    """A data folder with the single files and one paper holding ``blob``; the paper's cache key."""
    import hashlib

    data = root / "data"
    (data / "papers").mkdir(parents=True)
    for name in ("list.yaml", "venues.yaml", "benchmarks.yaml"):
        (data / name).write_text("x: 1\n", encoding="utf-8")
    (data / "papers/a.yaml").write_bytes(blob)
    (root / "cache").mkdir()
    return hashlib.blake2b(blob, digest_size=16).hexdigest()


def test_a_planted_cache_entry_of_the_wrong_shape_is_ignored(tmp_path: Path) -> None:
    key = _one_paper_tree(tmp_path, b"id: a\n")
    # Signed with this user's key (as if written by a buggy version): the shape check must hold.
    blob = signed.dumps({"version": load._CACHE_VERSION, "entries": {key: ["error", "not a list of problems"]}})
    assert blob is not None
    (tmp_path / "cache/parsed.json").write_bytes(blob)
    files, diags = load.load_tree(tmp_path, cache_dir=tmp_path / "cache")
    assert diags == [] and files[-1].data == {"id": "a"}


def test_a_planted_parse_cache_never_replaces_the_file(tmp_path: Path) -> None:
    # A pull request can commit .cache/: an entry mapping the file's hash to another
    # document, without this user's signature, must not be what the validator sees.
    import json

    key = _one_paper_tree(tmp_path, b"id: a\nyear: 1066\n")
    planted = json.dumps({"version": load._CACHE_VERSION, "entries": {key: ["ok", {"id": "a", "year": 2024}]}})
    for raw in (planted.encode(), signed._HEAD + b"f" * 64 + b'",' + planted.encode()[1:]):
        (tmp_path / "cache/parsed.json").write_bytes(raw)
        files, _ = load.load_tree(tmp_path, cache_dir=tmp_path / "cache")
        assert files[-1].data == {"id": "a", "year": 1066}


# --- a clash is reported at the file that brings it ------------------------------------------


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), *args],
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
        },
    )


def _clashing_project(make_project: Callable[..., Path]) -> Path:
    # The existing paper is zeta (later name, later `added`); the new one, aaa, sorts
    # first by both: only git can tell that aaa is the new one.
    project = make_project()
    old = (project / PAPER).read_text(encoding="utf-8")
    (project / PAPER).unlink()
    (project / "data/papers/zeta-2023.yaml").write_text(
        old.replace("alpha-2023", "zeta-2023").replace("added: 2024-01-02", "added: 2025-05-05"), encoding="utf-8"
    )
    (project / "data/datasets/rsitmd.yaml").write_text(
        (project / "data/datasets/rsitmd.yaml").read_text(encoding="utf-8").replace("alpha-2023", "zeta-2023"),
        encoding="utf-8",
    )
    return project


def _add_new_paper(project: Path) -> None:
    text = (project / "data/papers/zeta-2023.yaml").read_text(encoding="utf-8")
    (project / "data/papers/aaa-2024.yaml").write_text(
        text.replace("zeta-2023", "aaa-2024")
        .replace("Alpha Retrieval", "Other Retrieval")
        .replace("'2301.01230'", "'2401.00001'")
        .replace("added: 2025-05-05", "added: 2024-01-01"),
        encoding="utf-8",
    )


AT_NEW = (
    "data/papers/aaa-2024.yaml:12:3: error[duplicate-doi] links.doi: DOI is also used by 'zeta-2023' "
    "(data/papers/zeta-2023.yaml)\n  hint: merge the two records, or correct one of them\n"
    "validation failed: 1 error, 0 warnings\n"
)
AT_OLD = (
    "data/papers/zeta-2023.yaml:12:3: error[duplicate-doi] links.doi: DOI is also used by 'aaa-2024' "
    "(data/papers/aaa-2024.yaml)\n  hint: merge the two records, or correct one of them\n"
    "validation failed: 1 error, 0 warnings\n"
)

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_clash_is_reported_at_the_file_changed_against_the_base(make_project: Callable[..., Path], fixed_today) -> None:
    project = _clashing_project(make_project)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "base")
    _git(project, "update-ref", "refs/remotes/origin/main", "HEAD")
    _add_new_paper(project)
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "the contribution")  # committed: only the base tells
    assert changed_paths(project) == {"data/papers/aaa-2024.yaml"}
    assert run_cli("--root", project, "validate").stderr == AT_NEW


@needs_git
def test_without_the_base_an_uncommitted_new_file_is_the_new_one(
    make_project: Callable[..., Path], fixed_today
) -> None:
    project = _clashing_project(make_project)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "base")
    _add_new_paper(project)  # untracked, and no origin/main in this clone
    assert changed_paths(project, "origin/main") == {"data/papers/aaa-2024.yaml"}
    assert run_cli("--root", project, "validate").stderr == AT_NEW


def test_without_git_the_later_added_date_is_the_new_one(
    make_project: Callable[..., Path], fixed_today, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _clashing_project(make_project)
    _add_new_paper(project)
    monkeypatch.setenv("PATH", "/nonexistent")  # no git at all
    assert changed_paths(project) is None
    assert run_cli("--root", project, "validate").stderr == AT_OLD  # zeta was added later


def test_git_is_not_asked_when_nothing_clashes(
    make_project: Callable[..., Path], fixed_today, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a))
    assert run_cli("--root", make_project(), "validate").exit_code == 0
    assert calls == []


def test_the_clash_base_is_the_link_checkers_changed_base(tmp_path: Path) -> None:
    # One setting for "what counts as changed": check-links --changed and the clash rules.
    (tmp_path / "pyproject.toml").write_text('[tool.rsitr-list.links]\nchanged_base = "upstream/dev"\n')
    assert load_settings(tmp_path).links.changed_base == "upstream/dev"
    (tmp_path / "pyproject.toml").write_text("[tool.rsitr-list]\n")
    assert load_settings(tmp_path).links.changed_base == "origin/main"


@needs_git
def test_a_base_that_looks_like_an_option_is_not_passed_to_git(make_project: Callable[..., Path]) -> None:
    project = make_project()
    _git(project, "init", "-q", "-b", "main")
    assert changed_paths(project, "--output=/tmp/x") is not None  # compared with the working tree instead


# --- root discovery ---------------------------------------------------------------------------


def test_find_project_root_walks_up_to_the_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.rsitr-list]\ndata_dir = 'data'\n", encoding="utf-8")
    deep = tmp_path / "data" / "papers"
    deep.mkdir(parents=True)
    (deep / "a.yaml").write_text("id: a\n", encoding="utf-8")
    assert find_project_root(deep) == tmp_path
    assert find_project_root(deep / "a.yaml") == tmp_path  # a file starts at its folder
    assert find_project_root(tmp_path) == tmp_path


def test_find_project_root_skips_other_projects_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.rsitr-list]\n", encoding="utf-8")
    inner = tmp_path / "vendor" / "other"
    inner.mkdir(parents=True)
    (inner / "pyproject.toml").write_text("[project]\nname = 'other'\n[tool.black]\n", encoding="utf-8")
    assert find_project_root(inner) == tmp_path


def test_find_project_root_stops_at_a_broken_pyproject_that_names_the_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.rsitr-list]\n", encoding="utf-8")
    inner = tmp_path / "sub"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.rsitr-list\ndata_dir = \n", encoding="utf-8")
    assert find_project_root(inner) == inner  # loading its settings then says what is wrong


def test_find_project_root_without_a_project(tmp_path: Path) -> None:
    assert find_project_root(tmp_path) is None


def test_the_repository_is_found_from_its_data_folder() -> None:
    here = Path(__file__).resolve().parent.parent
    assert find_project_root(here / "data" / "papers") == here


# --- every problem of a new file in one run -----------------------------------------------------


def test_reference_rules_see_failed_records_but_not_their_malformed_ids(
    make_project: Callable[..., Path], fixed_today
) -> None:
    project = make_project()
    text = (project / PAPER).read_text(encoding="utf-8")
    (project / PAPER).write_text(
        text.replace("year: 2023", "year: 1989").replace(
            "datasets: [rsitmd]", "datasets: [rsitmd, Not An Id, nwpu, 7]"
        ),
        encoding="utf-8",
    )
    result = run_cli("--root", project, "validate")
    rules_seen = re.findall(r"error\[([a-z-]+)\] (\S+)", result.stderr)
    assert rules_seen == [
        ("year-range", "year:"),
        ("id-syntax", "datasets[1]:"),
        ("unknown-reference", "datasets[2]:"),
        ("wrong-type", "datasets[3]:"),
    ]


def test_dates_before_today_pass_and_today_itself_passes(make_project: Callable[..., Path], fixed_today) -> None:
    project = make_project()
    text = (project / PAPER).read_text(encoding="utf-8")
    (project / PAPER).write_text(
        text.replace("added: 2024-01-02", f"added: {fixed_today.isoformat()}"), encoding="utf-8"
    )
    assert run_cli("--root", project, "validate").exit_code == 0
    (project / PAPER).write_text(
        text.replace("added: 2024-01-02", f"added: {(fixed_today + dt.timedelta(days=1)).isoformat()}"),
        encoding="utf-8",
    )
    assert "error[future-date]" in run_cli("--root", project, "validate").stderr


def test_a_result_file_with_a_field_error_still_gets_its_reference_errors(
    make_project: Callable[..., Path], fixed_today
) -> None:
    project = make_project(FIXTURES / "rules" / "result-reference")
    path = project / "data/results/alpha-2023-table1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: quoted", "kind: copied"), encoding="utf-8")
    result = run_cli("--root", project, "validate")
    assert re.findall(r"error\[([a-z-]+)\] (\S+)", result.stderr) == [
        ("result-reference", "results[0].paper:"),
        ("result-reference", "results[1].dataset:"),
        ("unknown-value", "results[1].kind:"),
    ]
