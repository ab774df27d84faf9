"""`rsitr-list export`: every benchmark result, with its source, as JSON and CSV."""

from __future__ import annotations

import click

from ..derive import derive
from ..export.results import render_exports
from .base import Command
from .common import Context, data_dir_option, load_or_exit, pass_ctx, write_or_exit


@click.command("export", cls=Command)
@click.option("--out", "exports_dir", default=None,
              help="Folder for results.json and results.csv (config: exports_dir).")
@data_dir_option
@pass_ctx
def command(ctx: Context, exports_dir: str | None, data_dir: str | None) -> None:
    """Write every benchmark result, with its source, as JSON and CSV."""
    settings = ctx.settings(data_dir=data_dir, exports_dir=exports_dir)
    loaded = load_or_exit(settings)
    derived = derive(loaded.catalog)
    outputs = render_exports(derived, settings.path(settings.exports_dir))
    written = write_or_exit(outputs)
    click.echo(f"exported: {len(derived.entries)} results to {settings.path(settings.exports_dir)} "
               f"({len(written)} of {len(outputs)} files changed)")
