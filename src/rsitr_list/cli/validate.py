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
    run = ctx.run()
    if run.replayed():  # the same inputs as a clean run before: its answer stands
        return
    settings = ctx.settings(data_dir=data_dir)
    run.reads([settings.path(settings.data_dir)])
    loaded = load_or_exit(settings, warnings=True, run=run)
    c = loaded.catalog
    warnings = len(loaded.diagnostics)
    run.echo(
        f"ok: {len(c.papers)} papers, {len(c.datasets)} datasets, {len(c.results)} results"
        + (f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else "")
    )
    run.remember()
