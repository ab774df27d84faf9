"""The rsitr-list command line: one module per command, the shared options on the group.

Exit codes: 0 success; 1 invalid data, a stale file under --check, or a usage error;
2 dead links (check-links).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import add, build, check_links, export, fmt, forms, validate
from .base import Group
from .common import Context, data_dir_option


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              help="Project folder holding data/, templates/ and pyproject.toml.")
@data_dir_option
@click.version_option(package_name="rsitr-list")
@click.pass_context
def main(ctx: click.Context, root: Path, data_dir: str | None) -> None:
    """Build and check the Awesome RSITR list from the records under data/."""
    ctx.obj = Context(root, data_dir)


for _module in (validate, build, export, check_links, add, fmt, forms):
    main.add_command(_module.command)


def run() -> None:  # pragma: no cover - console entry for python -m
    main(prog_name="rsitr-list")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
