"""The code's shape: the pipeline reads in one direction, with no import circle.

Every import inside src/rsitr_list (module level or inside a function) is an edge.
Output stages (readme, site, export, links) never import each other; shared code
lives below them (core, derive, models ...).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from projects import GOLDEN_DATA, copy_project
from rsitr_list.cli import main
from rsitr_list.derive import boards

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "rsitr_list"
OUTPUTS = ("readme", "site", "export", "links")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in SRC.joinpath(PACKAGE).rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            for t in targets:
                # The deepest known module the import names (``from . import x`` names x).
                while t and t not in modules:
                    t = t.rpartition(".")[0]
                if t and t != name and t.startswith(PACKAGE):
                    graph[name].add(t)
    return graph


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in OUTPUTS else None


def test_no_import_circle() -> None:
    graph = import_graph()

    # A package's __init__ re-exporting its own modules is not a circle through them.
    def edges(m: str) -> set[str]:
        return {t for t in graph[m] if not (t.startswith(m + ".") and graph.get(m))}

    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(edges(m)):
            if state.get(t) == 1:
                cycles.append([*stack[stack.index(t) :], t])
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    assert cycles == []


def test_output_stages_never_import_each_other() -> None:
    crossing = sorted(
        f"{m} -> {t}"
        for m, targets in import_graph().items()
        for t in targets
        if _stage(m) and _stage(t) and _stage(m) != _stage(t)
    )
    assert crossing == []


def test_the_graph_sees_imports() -> None:
    # Guards the two tests above against a parser that finds nothing.
    graph = import_graph()
    assert "rsitr_list.derive" in graph["rsitr_list.readme.render"]
    assert "rsitr_list.core.escape" in graph["rsitr_list.links.report"] or any(
        t.startswith("rsitr_list.core") for m, ts in graph.items() if m.startswith("rsitr_list.links") for t in ts
    )
    assert any(t.startswith("rsitr_list.site") for t in graph["rsitr_list.cli.build"])


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    calls = {"main_boards": 0, "rerun_boards": 0, "full_boards": 0, "best_per_method": 0}
    for name in calls:
        original = getattr(boards, name)

        def wrapper(*args, _original=original, _name=name, **kwargs):  # type: ignore[no-untyped-def]
            calls[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(boards, name, wrapper)
    return calls


def _site_project(tmp: Path) -> Path:
    return copy_project(tmp / "project", GOLDEN_DATA, site=True)


@pytest.mark.parametrize("command", [["build"], ["export", "--out", "exports"]])
def test_leaderboards_are_computed_once_per_command(
    counted: dict[str, int], tmp_path: Path, command: list[str]
) -> None:
    project = _site_project(tmp_path)
    result = CliRunner().invoke(main, ["--root", str(project), *command])
    assert result.exit_code == 0, result.output
    datasets = {
        line.split(":", 1)[1].strip()
        for p in (project / "data" / "results").glob("*.yaml")
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("dataset:")
    }
    assert (counted["main_boards"], counted["rerun_boards"], counted["full_boards"]) == (1, 1, 1)
    # One best-of per dataset, inside the one main_boards call.
    assert counted["best_per_method"] == len(datasets) > 1


def test_validate_imports_only_what_it_needs(tmp_path: Path) -> None:
    # validate runs on every commit (pre-commit): no HTTP stack, templates or site engine.
    import subprocess
    import sys

    code = (
        "import sys\nfrom rsitr_list.cli import main\n"
        "try:\n    main(['--root', sys.argv[1], 'validate'], prog_name='rsitr-list')\n"
        "except SystemExit:\n    pass\n"
        "heavy = {'requests', 'urllib3', 'jinja2', 'mkdocs', 'markdown', 'material'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    project = _site_project(tmp_path)
    run = subprocess.run([sys.executable, "-c", code, str(project)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"
