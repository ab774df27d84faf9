"""A corpus of broken inputs: each must get exactly its located error, and nothing worse.

tests/fixtures/broken/<case>/ holds files laid over a copy of tests/fixtures/minimal
(usually a new paper, data/papers/beta-2024.yaml, as a contributor would add it) and
expected.txt, the exact stderr of `rsitr-list validate`. Cases that git cannot hold
(links, a named pipe, a 50 MB file, an unreadable file, generated deep nesting) are
made by the SETUP function of the same name below.

Each case runs in a fresh process under a timeout, so that a hang, or a crash of the
interpreter itself (libyaml segfaults on deep nesting), fails its test instead of the
suite. For every case: exit 1, the expected stderr, no traceback, the same from
`build --no-site`, and no file written (the parse cache aside).

To write a case's expected.txt: `python tests/test_broken_inputs.py CASE...`, then read
it through: the test pins whatever it says.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from clock import TODAY

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "fixtures" / "broken"
MINIMAL = HERE / "fixtures" / "minimal"
DRIVER = HERE / "cli_fixed_clock.py"
CASES = sorted(p for p in BROKEN.iterdir() if p.is_dir())
# Generous: a case takes well under a second; this only catches a hang (a billion laughs
# took minutes and gigabytes before it was refused).
TIMEOUT = 60
PAPER = "data/papers/beta-2024.yaml"
BETA = (
    (MINIMAL / "data/papers/alpha-2023.yaml")
    .read_text(encoding="utf-8")
    .replace("alpha-2023", "beta-2024")
    .replace("alpha", "beta")
    .replace("Alpha", "Beta")
    .replace("2301.01230", "2402.05678")
)


def _symlink_outside(root: Path) -> None:
    # The target is outside data/ and would be published if the link were followed.
    (root / "outside").mkdir()
    (root / "outside/beta-2024.yaml").write_text(BETA, encoding="utf-8")
    (root / PAPER).symlink_to("../../outside/beta-2024.yaml")


def _symlink_folder(root: Path) -> None:
    (root / "elsewhere").mkdir()
    (root / "elsewhere/beta-2024.yaml").write_text(BETA, encoding="utf-8")
    (root / "data/results").symlink_to("../elsewhere", target_is_directory=True)


def _symlink_single_file(root: Path) -> None:
    venues = root / "data/venues.yaml"
    shutil.move(venues, root / "venues-elsewhere.yaml")
    venues.symlink_to("../venues-elsewhere.yaml")


def _symlink_dangling(root: Path) -> None:
    (root / PAPER).symlink_to("/nonexistent/beta-2024.yaml")


def _named_pipe(root: Path) -> None:
    os.mkfifo(root / PAPER)  # reading it would block for ever


def _file_of_50_mb(root: Path) -> None:
    with open(root / PAPER, "wb") as fh:  # sparse: costs no disk, and reading it would take seconds
        fh.write(b"id: beta-2024\n")
        fh.truncate(50 * 1024 * 1024)


def _file_just_over_limit(root: Path) -> None:
    text = BETA + "note: >-\n" + "  filler\n" * ((1024 * 1024) // 9)
    (root / PAPER).write_text(text[: 1024 * 1024 + 1], encoding="utf-8")


def _unreadable_file(root: Path) -> None:
    (root / PAPER).write_text(BETA, encoding="utf-8")
    (root / PAPER).chmod(0)  # root can read it anyway: cli_fixed_clock.py refuses it too


def _deep_flow(root: Path) -> None:
    depth = 200_000  # far past the depth at which libyaml's composer overflows the C stack
    (root / PAPER).write_text(
        BETA.replace("datasets: [rsitmd]", "datasets: " + "[" * depth + "]" * depth), encoding="utf-8"
    )


def _deep_block(root: Path) -> None:
    (root / PAPER).write_text(BETA + "note:\n" + "- " * 100_000 + "x\n", encoding="utf-8")


SETUP: dict[str, Callable[[Path], None]] = {
    "symlink-outside": _symlink_outside,
    "symlink-folder": _symlink_folder,
    "symlink-single-file": _symlink_single_file,
    "symlink-dangling": _symlink_dangling,
    "named-pipe": _named_pipe,
    "file-of-50-mb": _file_of_50_mb,
    "file-just-over-limit": _file_just_over_limit,
    "unreadable-file": _unreadable_file,
    "yaml-depth-200000-in-flow": _deep_flow,
    "yaml-depth-100000-in-block": _deep_block,
}
ENV = {"unreadable-file": {"RSITR_TEST_UNREADABLE": PAPER}}


def make_case(case: Path, dest: Path) -> Path:
    shutil.copytree(MINIMAL, dest)
    shutil.copytree(case, dest, dirs_exist_ok=True, symlinks=True, ignore=shutil.ignore_patterns("expected.txt"))
    if case.name in SETUP:
        SETUP[case.name](dest)
    return dest


def snapshot(root: Path) -> dict[str, object]:
    """Every entry under root, without following links or opening pipes; the cache aside."""
    out: dict[str, object] = {}
    for folder, dirs, files in os.walk(root):
        rel_folder = Path(folder).relative_to(root)
        if ".cache" in rel_folder.parts:
            continue
        for name in dirs + files:
            if name == ".cache" and folder == str(root):
                continue
            path = Path(folder) / name
            st = path.lstat()
            key = (rel_folder / name).as_posix()
            if stat.S_ISLNK(st.st_mode):
                out[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                out[key] = path.read_bytes() if st.st_size < 2 << 20 else ("big", st.st_size, st.st_mtime_ns)
            else:
                out[key] = ("other", stat.S_IFMT(st.st_mode))
    return out


def run_driver(root: Path, case: str) -> list[dict]:
    env = {**os.environ, "RSITR_TEST_TODAY": TODAY.isoformat(), **ENV.get(case, {})}
    try:
        done = subprocess.run(
            [sys.executable, str(DRIVER), str(root)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case}: did not finish within {TIMEOUT} s")
    assert done.returncode == 0, f"{case}: the process died ({done.returncode}):\n{done.stderr[-2000:]}"
    return json.loads(done.stdout)


def test_every_case_has_expected_output() -> None:
    assert [p.name for p in CASES if not (p / "expected.txt").is_file()] == []
    assert set(SETUP) <= {p.name for p in CASES}


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_broken_input_gets_exactly_its_located_error(case: Path, tmp_path: Path) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    project = make_case(case, tmp_path / "project")
    before = snapshot(project)

    validate, build = run_driver(project, case.name)
    for result in (validate, build):
        assert result["crash"] is None, result["crash"]
        assert "Traceback" not in result["stderr"]
        assert (result["exit"], result["stdout"], result["stderr"]) == (1, "", expected), result["command"]
    assert snapshot(project) == before  # no README.md, schema/ or site/; the data untouched
    # Every message has a rule id we document and a position (or is about the path itself).
    for line in expected.splitlines():
        if line.startswith(("  hint: ", "validation failed: ")):
            continue
        assert re.match(r"^\S+(:\d+:\d+)?: error\[[a-z0-9-]+\] ", line), line


def test_the_corpus_covers_every_class_of_broken_input() -> None:
    # The classes of issue 12, each with at least one case; a rule id's own fixture is in
    # tests/fixtures/rules/.
    rules_seen = set()
    for case in CASES:
        rules_seen |= set(re.findall(r"error\[([a-z0-9-]+)\]", (case / "expected.txt").read_text(encoding="utf-8")))
    assert {
        "yaml-alias",
        "yaml-depth",
        "yaml-tag",
        "yaml-key",
        "control-character",
        "bidi-character",
        "invisible-character",
        "text-too-long",
        "data-file",
        "encoding",
        "date-syntax",
        "unknown-venue",
        "unknown-reference",
        "duplicate-doi",
        "arxiv-syntax",
        "arxiv-mismatch",
        "future-date",
    } <= rules_seen


def _write_expected(names: list[str]) -> None:
    import tempfile

    for name in names:
        case = BROKEN / name
        with tempfile.TemporaryDirectory() as tmp:
            project = make_case(case, Path(tmp) / "project")
            validate, _ = run_driver(project, name)
            (case / "expected.txt").write_text(validate["stderr"], encoding="utf-8")
            print(f"== {name} (exit {validate['exit']})\n{validate['stderr']}{validate['crash'] or ''}", end="")
            for p in Path(tmp).rglob("*"):  # let the temporary folder go, whatever the case made
                if not p.is_symlink() and p.is_file():
                    p.chmod(0o644)


if __name__ == "__main__":
    _write_expected(sys.argv[1:] or [p.name for p in CASES])
