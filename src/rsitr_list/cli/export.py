"""`rsitr-list export`: the list as data files: results, papers, datasets, BibTeX, an Atom feed, CITATION.cff."""

from __future__ import annotations

import click

from ..derive import derive
from ..export.all import citation_output, render_exports
from .base import Command
from .common import Context, data_dir_option, load_or_exit, pass_ctx, write_or_exit


@click.command("export", cls=Command)
@click.option("--out", "exports_dir", default=None, help="Folder for the exports (config: exports_dir).")
@data_dir_option
@pass_ctx
def command(ctx: Context, exports_dir: str | None, data_dir: str | None) -> None:
    """Write the exports: results.json/.csv, papers.json, datasets.json, refs.bib (and one per
    category), feed.xml and CITATION.cff, into exports_dir; CITATION.cff also at the root."""
    settings = ctx.settings(data_dir=data_dir, exports_dir=exports_dir)
    loaded = load_or_exit(settings)
    derived = derive(loaded.catalog)
    outputs = [*render_exports(derived, settings.path(settings.exports_dir)), citation_output(derived, settings.root)]
    written = write_or_exit(outputs)
    click.echo(
        f"exported: {len(derived.entries)} results to {settings.path(settings.exports_dir)} "
        f"({len(written)} of {len(outputs)} files changed)"
    )
