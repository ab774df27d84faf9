"""`rsitr-list forms`: the "Add a paper" issue form, with its choices generated from the data."""

from __future__ import annotations

import click

from ..add.issue_form import render_form
from ..core.write import Output, stale
from .base import Command
from .common import Context, data_dir_option, load_or_exit, pass_ctx, write_or_exit

FORM = ".github/ISSUE_TEMPLATE/add-paper.yml"


@click.command("forms", cls=Command)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the form differs from the data.")
@data_dir_option
@pass_ctx
def command(ctx: Context, check: bool, data_dir: str | None) -> None:
    """Write .github/ISSUE_TEMPLATE/add-paper.yml: its category, venue and dataset choices come from data/."""
    settings = ctx.settings(data_dir=data_dir)
    loaded = load_or_exit(settings)
    output = Output(settings.path(FORM), render_form(loaded.catalog))
    if check:
        if stale([output]):
            click.echo(f"stale: {FORM} (run `rsitr-list forms`)", err=True)
            raise SystemExit(1)
        click.echo(f"up to date: {FORM}")
        return
    written = write_or_exit([output])
    click.echo(f"written: {FORM}" + ("" if written else " (unchanged)"))
