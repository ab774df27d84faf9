"""`rsitr-list validate`: check every record and print every problem found."""

from __future__ import annotations

import click

from .base import Command
from .common import Context, data_dir_option, load_or_exit, pass_ctx


@click.command("validate", cls=Command)
@data_dir_option
@pass_ctx
def command(ctx: Context, data_dir: str | None) -> None:
    """Check every record and print every problem found."""
    settings = ctx.settings(data_dir=data_dir)
    loaded = load_or_exit(settings, warnings=True)
    c = loaded.catalog
    warnings = len(loaded.diagnostics)
    click.echo(
        f"ok: {len(c.papers)} papers, {len(c.datasets)} datasets, {len(c.results)} results"
        + (f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else "")
    )
