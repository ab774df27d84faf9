"""CONTRIBUTING.md, docs/contributing.md and the README's Contributing section say exactly how."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from rsitr_list.cli import all_commands

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "CONTRIBUTING.md", ROOT / "docs" / "contributing.md", ROOT / "templates" / "README.md.j2"]


def commands(text: str) -> list[list[str]]:
    found = []
    for m in re.finditer(r"rsitr-list ([a-z-]+(?: [^`\n&|]*)?)", text):
        words = shlex.split(m.group(1).replace("<", "X").replace(">", "X").replace("[", "").replace("]", ""))
        found.append(words)
    return found


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_every_command_and_option_the_docs_name_exists(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    calls = commands(text)
    assert calls
    for command, *args in calls:
        assert command in all_commands(), f"{path.name}: rsitr-list {command} does not exist"
        known = {o for p in all_commands()[command].params if isinstance(p, click.Option) for o in p.opts}
        for arg in args:
            if arg.startswith("--"):
                assert arg.split("=")[0] in known, f"{path.name}: rsitr-list {command} has no {arg}"


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_each_path_is_described(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for needle in ("Add a paper", "data/papers/", "rsitr-list add", "--category open-domain", "pull request"):
        assert needle in text, f"{path.name} does not mention {needle}"
    assert "web editor" in text.lower() or "in the browser" in text.lower()


def test_the_checks_the_docs_promise_exist() -> None:
    workflow = (ROOT / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8")
    for promised in (
        "rsitr-list validate",
        "rsitr-list build --check",
        "rsitr-list fmt --check",
        "rsitr-list check-links --changed",
        "markdownlint-cli2",
        "rsitr-list forms --check",
    ):
        assert promised in workflow
