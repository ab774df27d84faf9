"""The whole-run cache (cli/replay.py): a clean run of unchanged inputs is replayed, nothing else.

A replay prints what the real run printed. Each kind of input the real run depends
on is changed in turn, and each change must send the next run down the real path
(seen through a spy on the loader, which a replay never calls).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from projects import copy_project
from rsitr_list import clock, pipeline
from rsitr_list.cli import main, replay
from rsitr_list.core import signed

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
PAPER = "data/papers/alpha-2023.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    dest = copy_project(tmp_path / "project", MINIMAL / "data")
    (dest / "pyproject.toml").write_text("[tool.rsitr-list]\n", encoding="utf-8")  # every setting at its default
    return dest


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the real loader ran: a replay never calls it."""
    calls: list[int] = []
    real = pipeline.load_catalog

    def spy(settings):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(settings)

    monkeypatch.setattr(pipeline, "load_catalog", spy)
    return calls


def cli(project: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["--root", str(project), *args])


COMMANDS = [["validate"], ["build", "--no-site"], ["build", "--check"]]


def prime(project: Path, command: list[str]) -> None:
    """A clean run of ``command`` (for --check, after a build has written the outputs)."""
    if command == ["build", "--check"]:
        assert cli(project, "build", "--no-site").exit_code == 0
    result = cli(project, *command)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_clean_run_is_replayed_word_for_word(project: Path, loads: list[int], command: list[str]) -> None:
    prime(project, command)
    first = cli(project, *command)
    before = len(loads)
    again = cli(project, *command)
    assert len(loads) == before, "the unchanged run was not replayed"
    assert (again.exit_code, again.stdout, again.stderr) == (first.exit_code, first.stdout, first.stderr)


def _edit_same_size(p: Path) -> None:
    text = p.read_text(encoding="utf-8")
    # Same length, other bytes: a fingerprint of sizes or times alone would miss it.
    p.write_text(text.replace("a", "b", 1) if "a" in text else text, encoding="utf-8")
    os.utime(p, ns=(0, 0))


CHANGES = {
    "data file edited": lambda p: _edit_same_size(p / PAPER),
    "data file added": lambda p: (p / "data/papers/zeta-2024.yaml").write_text("id: zeta-2024\n", encoding="utf-8"),
    "data file removed": lambda p: (p / PAPER).unlink(),
    "stray folder in data": lambda p: (p / "data/papers/x.yaml").mkdir(),
    "data file swapped for a link": lambda p: (
        shutil.copy(p / PAPER, p / "outside.yaml"),
        (p / PAPER).unlink(),
        (p / PAPER).symlink_to(p / "outside.yaml"),
    ),
    "pyproject edited": lambda p: (p / "pyproject.toml").write_text("[tool.rsitr-list]\n# x\n", encoding="utf-8"),
    "template edited": lambda p: (p / "templates/README.md.j2").write_text(
        (p / "templates/README.md.j2").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    ),
}


@pytest.mark.parametrize(
    "command, change",
    # validate reads no template: that change is for the build commands only.
    [(c, ch) for c in COMMANDS for ch in sorted(CHANGES) if not (c == ["validate"] and ch == "template edited")],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_every_input_change_runs_for_real(project: Path, loads: list[int], command: list[str], change: str) -> None:
    prime(project, command)
    CHANGES[change](project)
    before = len(loads)
    cli(project, *command)
    assert len(loads) == before + 1


@pytest.mark.parametrize("command", COMMANDS[1:], ids=" ".join)
@pytest.mark.parametrize("how", ["edited", "removed"])
def test_an_output_changed_on_disk_runs_for_real(project: Path, loads: list[int], command: list[str], how: str) -> None:
    prime(project, command)
    readme = project / "README.md"
    if how == "edited":
        readme.write_text(readme.read_text(encoding="utf-8") + "hand edit\n", encoding="utf-8")
    else:
        readme.unlink()
    before = len(loads)
    result = cli(project, *command)
    assert len(loads) == before + 1
    if command[-1] == "--check":
        assert result.exit_code == 1 and "stale:" in result.stderr
    else:
        assert result.exit_code == 0 and "(1 changed)" in result.stdout
        assert "hand edit" not in readme.read_text(encoding="utf-8")


def test_another_day_runs_for_real(project: Path, loads: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    # The date checks depend on the day: a record added "tomorrow" becomes valid tomorrow.
    prime(project, ["validate"])
    tomorrow = dt.date.today() + dt.timedelta(days=1)

    class Tomorrow(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return tomorrow

    monkeypatch.setattr(clock, "_dt", types.SimpleNamespace(date=Tomorrow))
    before = len(loads)
    cli(project, "validate")
    assert len(loads) == before + 1


def test_other_options_are_another_run(project: Path, loads: list[int]) -> None:
    prime(project, ["build", "--no-site"])
    before = len(loads)
    result = cli(project, "build", "--no-site", "--readme", "OTHER.md")
    assert len(loads) == before + 1 and (project / "OTHER.md").is_file(), result.output


def test_a_change_to_the_package_changes_the_fingerprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "m.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(replay, "_PACKAGE", package)

    def signature() -> str:
        import hashlib

        h = hashlib.sha256()
        replay._code_signature(h)
        return h.hexdigest()

    first = signature()
    assert signature() == first
    (package / "m.py").write_text("x = 22\n", encoding="utf-8")
    assert signature() != first
    (package / "new.py").write_text("", encoding="utf-8")
    changed = signature()
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "m.pyc").write_bytes(b"compiled")
    assert signature() == changed  # compiled files come and go with the sources


def test_runs_with_problems_are_never_stored(project: Path, loads: list[int]) -> None:
    bad = project / "data/papers/bad-2024.yaml"
    bad.write_text("id: bad-2024\nyear: '2024'\n", encoding="utf-8")
    first = cli(project, "validate")
    again = cli(project, "validate")
    assert first.exit_code == again.exit_code == 1
    assert len(loads) == 2 and again.stderr == first.stderr
    assert not (project / ".cache/rsitr-list/runs").exists()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_run_with_warnings_is_not_stored(project: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    if command == ["build", "--check"]:
        assert cli(project, "build", "--no-site").exit_code == 0
        shutil.rmtree(project / ".cache/rsitr-list/runs")
    from rsitr_list.diagnostics import Diagnostic

    real = pipeline.load_catalog

    def with_warning(settings):  # type: ignore[no-untyped-def]
        loaded = real(settings)
        loaded.diagnostics.append(Diagnostic(PAPER, "test-rule", "just a warning", severity="warning"))
        return loaded

    monkeypatch.setattr(pipeline, "load_catalog", with_warning)
    result = cli(project, *command)
    assert result.exit_code == 0 and "1 warning" in result.output
    assert not (project / ".cache/rsitr-list/runs").exists()


def test_run_cache_off_never_replays(project: Path, loads: list[int]) -> None:
    (project / "pyproject.toml").write_text("[tool.rsitr-list]\nrun_cache = false\n", encoding="utf-8")
    for _ in range(3):
        assert cli(project, "validate").exit_code == 0
    assert len(loads) == 3 and not (project / ".cache/rsitr-list/runs").exists()


def test_run_cache_must_be_a_boolean(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.rsitr-list]\nrun_cache = "yes"\n', encoding="utf-8")
    result = cli(project, "validate")
    assert result.exit_code == 1 and "run_cache" in result.stderr


def _stored(project: Path) -> Path:
    (record,) = (project / ".cache/rsitr-list/runs").glob("validate-*.json")
    return record


def test_a_planted_record_is_never_replayed(project: Path, loads: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    # A pull request could commit .cache/: a record in the right place and with the right
    # fingerprint that this user's key did not sign must not make bad data pass.
    prime(project, ["validate"])
    record = _stored(project)
    body = json.loads(record.read_bytes())
    (project / PAPER).write_text("id: alpha-2023\nyear: 1066\n", encoding="utf-8")
    tree = replay._tree_digest([project / "data"])
    body.update(tree=tree, lines=[[False, "ok: all good"]])
    body.pop("mac")
    for blob in (
        json.dumps(body).encode(),  # unsigned
        signed._HEAD + b"0" * 64 + b'",' + json.dumps(body).encode()[1:],  # a made-up MAC
    ):
        record.write_bytes(blob)
        result = cli(project, "validate")
        assert result.exit_code == 1 and "ok: all good" not in result.output
    # Signed with another user's key: as foreign as no signature.
    original = os.environ.get("XDG_CACHE_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(project / "elsewhere"))
    other = signed.dumps(body)
    if original is None:
        monkeypatch.delenv("XDG_CACHE_HOME")
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", original)
    assert other is not None
    record.write_bytes(other)
    assert cli(project, "validate").exit_code == 1


@pytest.mark.parametrize(
    "garbage", [b"", b"{", b"[1]", b"\xff" * 10, b'{"mac":"' + b"a" * 64 + b'",}', b"x" * (replay._MAX_RECORD + 2)]
)
def test_a_corrupt_record_only_costs_a_real_run(project: Path, loads: list[int], garbage: bytes) -> None:
    prime(project, ["validate"])
    _stored(project).write_bytes(garbage)
    before = len(loads)
    assert cli(project, "validate").exit_code == 0
    assert len(loads) == before + 1
    assert cli(project, "validate").exit_code == 0 and len(loads) == before + 1  # stored anew


def test_a_record_signed_for_other_inputs_is_not_replayed(project: Path, loads: list[int]) -> None:
    # Signed by this user, but for another project state (a copy kept from before an edit).
    prime(project, ["validate"])
    old = _stored(project).read_bytes()
    (project / PAPER).write_text("id: alpha-2023\nyear: 1066\n", encoding="utf-8")
    assert cli(project, "validate").exit_code == 1
    _stored(project).write_bytes(old)
    assert cli(project, "validate").exit_code == 1


def test_no_key_means_no_cache(project: Path, loads: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = project / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    # Neither the cache home nor the temporary folder can hold a key: nothing is cached.
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(signed, "_fallback_path", lambda: blocker / "cache-key")
    for _ in range(2):
        assert cli(project, "validate").exit_code == 0
    assert len(loads) == 2


def test_an_unwritable_home_falls_back_to_a_private_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(signed, "_fallback_path", lambda: tmp_path / "tmp" / "rsitr-list-0" / "cache-key")
    assert signed.key() is not None
    assert (tmp_path / "tmp" / "rsitr-list-0").stat().st_mode & 0o077 == 0


def test_the_key_is_private_and_stable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(signed, "_fallback_path", lambda: tmp_path / "tmp" / "cache-key")
    first = signed.key()
    path = signed.key_path()
    assert first is not None and path is not None and len(first) == 32
    assert path.stat().st_mode & 0o077 == 0
    signed._keys.clear()
    assert signed.key() == first
    # A key that others can read (or a folder others can write) is not a secret: not used.
    for loosen in (lambda: path.chmod(0o644), lambda: path.parent.chmod(0o777)):
        path.chmod(0o600)
        path.parent.chmod(0o700)
        loosen()
        signed._keys.clear()
        assert signed.key() not in (None, first)
    # ... nor one reached through a symbolic link.
    path.parent.chmod(0o700)
    real = path.with_name("real-key")
    path.rename(real)
    path.symlink_to(real)
    signed._keys.clear()
    assert signed.key() not in (None, first)


def test_a_replay_imports_no_stage(project: Path) -> None:
    # What makes a replay fast: no pydantic, models, YAML or Jinja.
    code = (
        "import sys\nfrom rsitr_list.cli import main\n"
        "for args in (['validate'], ['build', '--no-site']):\n"
        "    try:\n        main(['--root', sys.argv[1], *args], prog_name='rsitr-list')\n"
        "    except SystemExit as e:\n        assert not e.code, e.code\n"
        "heavy = {'pydantic', 'yaml', 'jinja2', 'requests'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}))"
    )

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", code, str(project)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1]

    assert run() != "[]"  # the first runs are real ...
    assert run() == "[]"  # ... the next ones replay


def test_a_relative_cache_home_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Relative to the working folder, the key could land inside the project it protects.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "cache-here")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert signed.key_path() == tmp_path / "home" / ".cache" / "rsitr-list" / "cache-key"
