"""The rsitr-list command line: parse options, call the stages, choose the exit code.

Exit codes: 0 success; 1 invalid data, a stale file under --check, or a usage error.
(check-links adds 2 for dead links.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import jinja2

from .cli_base import Group
from .diagnostics import errors, summary_line
from .pipeline import Loaded, load_catalog
from .render.exports import render_exports
from .render.readme import render_readme
from .render.schema import render_schemas
from .render.write import Output, stale, write_all
from .settings import Settings, SettingsError, load_settings


class Context:
    def __init__(self, root: Path):
        self.root = root

    def settings(self, **overrides) -> Settings:
        try:
            return load_settings(self.root, overrides)
        except SettingsError as e:
            raise click.ClickException(str(e)) from None


pass_ctx = click.make_pass_decorator(Context)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              help="Project folder holding data/, templates/ and pyproject.toml.")
@click.version_option(package_name="rsitr-list")
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Build and check the Awesome RSITR list from the records under data/."""
    ctx.obj = Context(root)


def report(loaded: Loaded, warnings: bool = True) -> None:
    """Print the diagnostics (stderr); errors make the command fail.

    Commands other than `validate` pass warnings=False: a valid list's known warnings
    (e.g. a source's misprinted mR) then shrink to one line instead of repeating on
    every build. On failure everything is printed.
    """
    n_warnings = len(loaded.diagnostics) - len(errors(loaded.diagnostics))
    if warnings or not loaded.ok:
        for d in loaded.diagnostics:
            click.echo(d.format(), err=True)
    elif n_warnings:
        click.echo(f"{n_warnings} warning{'s' * (n_warnings != 1)} (`rsitr-list validate` shows them)", err=True)
    if not loaded.ok:
        click.echo(f"validation failed: {summary_line(loaded.diagnostics)}", err=True)
        raise SystemExit(1)


def load_or_exit(settings: Settings, warnings: bool = False) -> Loaded:
    if not (settings.root / settings.data_dir).is_dir():
        raise click.ClickException(
            f"no data folder at {settings.root / settings.data_dir}; run from the project root or pass --root")
    loaded = load_catalog(settings)
    report(loaded, warnings)
    return loaded


@main.command()
@click.option("--data-dir", default=None, help="Data folder (config: data_dir).")
@pass_ctx
def validate(ctx: Context, data_dir: str | None) -> None:
    """Check every record and print every problem found."""
    settings = ctx.settings(data_dir=data_dir)
    loaded = load_or_exit(settings, warnings=True)
    c = loaded.catalog
    warnings = len(loaded.diagnostics)
    click.echo(f"ok: {len(c.papers)} papers, {len(c.datasets)} datasets, {len(c.results)} results"
               + (f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else ""))


def readme_outputs(settings: Settings, loaded: Loaded) -> list[Output]:
    try:
        return [
            render_readme(loaded.catalog, settings.path(settings.templates_dir), settings.path(settings.readme)),
            *render_schemas(settings.path(settings.schema_dir)),
        ]
    except jinja2.TemplateSyntaxError as e:
        raise click.ClickException(f"{e.filename or e.name}:{e.lineno}: template error: {e.message}") from None
    except jinja2.TemplateNotFound as e:
        raise click.ClickException(
            f"template {e.name} not found under {settings.path(settings.templates_dir)} "
            "(config: templates_dir)") from None
    except (jinja2.TemplateError, ValueError) as e:
        raise click.ClickException(f"rendering failed: {e}") from None


@main.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a generated file is stale.")
@click.option("--data-dir", default=None, help="Data folder (config: data_dir).")
@click.option("--readme", default=None, help="README path (config: readme).")
@click.option("--no-site", is_flag=True, help="Build only the README and the schemas, not the website.")
@click.option("--site-dir", default=None, help="Website output folder (config: site_dir).")
@pass_ctx
def build(ctx: Context, check: bool, data_dir: str | None, readme: str | None, no_site: bool,
          site_dir: str | None) -> None:
    """Generate README.md, the JSON Schemas and the website (site/) from data/.

    --check compares only the README and the schemas; the website is not checked.
    """
    settings = ctx.settings(data_dir=data_dir, readme=readme, site_dir=site_dir)
    loaded = load_or_exit(settings)
    outputs = readme_outputs(settings, loaded)
    if check:
        old = stale(outputs)
        for o in old:
            click.echo(f"stale: {o.path} (run `rsitr-list build`)", err=True)
        if old:
            raise SystemExit(1)
        click.echo(f"up to date: {len(outputs)} files")
        return
    # The site first: it is built aside and swapped in only when complete, so a failure
    # there leaves the README untouched too.
    if not no_site:
        build_site_or_exit(settings, loaded)
    written = write_or_exit(outputs)
    click.echo(f"built: {len(outputs)} files ({len(written)} changed)")


def write_or_exit(outputs: list[Output]) -> list[Path]:
    try:
        return write_all(outputs)
    except OSError as e:
        raise click.ClickException(f"could not write {e.filename or 'an output'}: {e.strerror or e}; "
                                   "no output was changed") from None


def build_site_or_exit(settings: Settings, loaded: Loaded) -> None:
    # Imported here: MkDocs is slow to import and only this command needs it.
    from .site.build import SiteBuildError, build_site

    try:
        dest = build_site(settings, loaded)
    except SiteBuildError as e:
        raise click.ClickException(f"{e}; {settings.path(settings.site_dir)} was left unchanged") from None
    click.echo(f"built: website in {dest}")


@main.command()
@click.option("--out", "exports_dir", default=None, help="Folder for results.json and results.csv (config: exports_dir).")
@click.option("--data-dir", default=None, help="Data folder (config: data_dir).")
@pass_ctx
def export(ctx: Context, exports_dir: str | None, data_dir: str | None) -> None:
    """Write every benchmark result, with its source, as JSON and CSV."""
    settings = ctx.settings(data_dir=data_dir, exports_dir=exports_dir)
    loaded = load_or_exit(settings)
    outputs = render_exports(loaded.catalog, settings.path(settings.exports_dir))
    written = write_or_exit(outputs)
    click.echo(f"exported: {len(loaded.catalog.results)} results to {settings.path(settings.exports_dir)} "
               f"({len(written)} of {len(outputs)} files changed)")


from .cli_links import check_links_command  # noqa: E402  (needs `main` and `load_or_exit` above)

main.add_command(check_links_command)


def run() -> None:  # pragma: no cover - console entry for python -m
    main(prog_name="rsitr-list")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
