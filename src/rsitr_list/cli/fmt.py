"""`rsitr-list fmt`: rewrite data files in the canonical layout, keeping comments."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.write import Output
from ..fmt import format_files
from ..load import discover
from .base import Command
from .common import Context, data_dir_option, pass_ctx, write_or_exit


def _expand(paths: tuple[Path, ...], root: Path, data_dir: str) -> list[Path]:
    if not paths:
        return [root / rel for rel, _ in discover(root, data_dir) if (root / rel).is_file()]
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml") and q.is_file())
        else:
            out.append(p)
    return list(dict.fromkeys(out))


@click.command("fmt", cls=Command)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; exit 1 listing the files that would change.")
@data_dir_option
@pass_ctx
def command(ctx: Context, paths: tuple[Path, ...], check: bool, data_dir: str | None) -> None:
    """Rewrite data files (all of data/, or PATHS) in one canonical layout, keeping comments.

    Keys follow the schema's order, values are quoted only where YAML needs it, long notes
    fold at 88 columns, and each file starts with its yaml-language-server schema line.
    """
    settings = ctx.settings(data_dir=data_dir)
    data_root = settings.path(settings.data_dir)
    if not data_root.is_dir():
        raise click.ClickException(f"no data folder at {data_root}; run from the project root or pass --root")
    files = _expand(paths, settings.root, settings.data_dir)

    def display(p: Path) -> str:
        try:
            return p.resolve().relative_to(settings.root.resolve()).as_posix()
        except ValueError:
            return str(p)

    done, problems = format_files(files, data_root, settings.path(settings.schema_dir), display)
    for problem in problems:
        click.echo(problem.format(), err=True)
    changed = [f for f in done if f.changed]
    if problems:
        click.echo(
            f"fmt failed: {len(problems)} file{'s' * (len(problems) != 1)} could not be formatted; nothing was written",
            err=True,
        )
        raise SystemExit(1)
    if check:
        for f in changed:
            click.echo(f"would reformat: {display(f.path)} (run `rsitr-list fmt`)", err=True)
        if changed:
            raise SystemExit(1)
        click.echo(f"formatted already: {len(done)} file{'s' * (len(done) != 1)}")
        return
    write_or_exit([Output(f.path, f.new) for f in changed])
    click.echo(f"formatted: {len(changed)} of {len(done)} file{'s' * (len(done) != 1)} changed")
