"""The rsitr-list command line: one module per command, the shared options on the group.

Exit codes: 0 success; 1 invalid data, a stale file under --check, or a usage error;
2 dead links (check-links).

Commands are imported only when run: `validate` runs on every commit (a pre-commit
hook), so it must not pay for the site engine, Jinja or the HTTP stack.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from ..project import find_project_root
from .base import Group
from .common import Context, data_dir_option

# Command name → module under rsitr_list.cli that defines `command`, in help order.
COMMANDS = {
    "validate": "validate",
    "build": "build",
    "export": "export",
    "check-links": "check_links",
    "add": "add",
    "fmt": "fmt",
    "forms": "forms",
}


class LazyGroup(Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command: click.Command = importlib.import_module(f"{__name__}.{module}").command
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project folder holding data/, templates/ and pyproject.toml "
    "(default: the nearest folder up from here whose pyproject.toml has [tool.rsitr-list]).",
)
@data_dir_option
@click.version_option(package_name="rsitr-list")
@click.pass_context
def main(ctx: click.Context, root: Path | None, data_dir: str | None) -> None:
    """Build and check the Awesome RSITR list from the records under data/."""
    # Like git: from any subfolder of the project, the commands find its root.
    ctx.obj = Context(root or find_project_root(Path.cwd()) or Path("."), data_dir)


def all_commands() -> dict[str, click.Command]:
    """Every command, imported: for tools that inspect the CLI (docs and workflow checks)."""
    ctx = click.Context(main)
    return {name: cmd for name in main.list_commands(ctx) if (cmd := main.get_command(ctx, name)) is not None}


def run() -> None:  # pragma: no cover - console entry for python -m
    main(prog_name="rsitr-list")


if __name__ == "__main__":  # pragma: no cover
    run()
