"""`rsitr-list build`: README.md, the JSON Schemas and the website, from data/."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

import click

from .base import Command
from .common import Context, data_dir_option, load_or_exit, pass_ctx, write_or_exit

if TYPE_CHECKING:
    from ..core.write import Output
    from ..derive import Derived
    from ..settings import Settings


def readme_outputs(settings: Settings, derived: Derived) -> list[Output]:
    # Imported here, not above: a replayed run (replay.py) needs none of them.
    import jinja2

    from ..export.schema import render_schemas
    from ..readme.render import render_readme

    try:
        return [
            render_readme(
                derived,
                settings.path(settings.templates_dir),
                settings.path(settings.readme),
                settings.site_url or derived.meta.site_url or "",
            ),
            *render_schemas(settings.path(settings.schema_dir)),
        ]
    except jinja2.TemplateSyntaxError as e:
        raise click.ClickException(f"{e.filename or e.name}:{e.lineno}: template error: {e.message}") from None
    except jinja2.TemplateNotFound as e:
        raise click.ClickException(
            f"template {e.name} not found under {settings.path(settings.templates_dir)} (config: templates_dir)"
        ) from None
    except (jinja2.TemplateError, ValueError) as e:
        raise click.ClickException(f"rendering failed: {e}") from None


DIFF_LINES = 20  # of a stale file's diff under --check: enough to see what changed


def short_diff(output: Output) -> list[str]:
    """The first lines of a unified diff from the file on disk to what the data gives."""
    try:
        old = output.path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ["(the file is missing or unreadable)"]
    lines = list(difflib.unified_diff(old, output.content.splitlines(), "on disk", "from the data", n=1, lineterm=""))
    if len(lines) > DIFF_LINES:
        lines = [*lines[:DIFF_LINES], f"... {len(lines) - DIFF_LINES} more diff lines"]
    return lines


def build_site_or_exit(settings: Settings, derived: Derived) -> None:
    # Imported here: the site engine is slow to import and only this command needs it.
    from ..site.build import SiteBuildError, build_site

    try:
        dest = build_site(settings, derived)
    except SiteBuildError as e:
        raise click.ClickException(f"{e}; {settings.path(settings.site_dir)} was left unchanged") from None
    click.echo(f"built: website in {dest}")


@click.command("build", cls=Command)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a generated file is stale.")
@data_dir_option
@click.option("--readme", default=None, help="README path (config: readme).")
@click.option("--no-site", is_flag=True, help="Build only the README and the schemas, not the website.")
@click.option("--site-dir", default=None, help="Website output folder (config: site_dir).")
@click.option("--site-url", default=None, help="The website's public address (config: site_url).")
@click.option(
    "--engine",
    "site_engine",
    type=click.Choice(["mkdocs", "zensical"]),
    default=None,
    help="Site engine: MkDocs with Material (default) or Zensical (config: site_engine).",
)
@pass_ctx
def command(
    ctx: Context,
    check: bool,
    data_dir: str | None,
    readme: str | None,
    no_site: bool,
    site_dir: str | None,
    site_url: str | None,
    site_engine: str | None,
) -> None:
    """Generate README.md, the JSON Schemas and the website (site/) from data/.

    --check compares only the README and the schemas; the website is not checked.
    """
    # Without the website, a clean run of the same inputs is replayed (the site has its own checks).
    run = ctx.run(enabled=check or no_site)
    if run.replayed():
        return
    from ..core.write import stale
    from ..derive import derive

    settings = ctx.settings(
        data_dir=data_dir,
        readme=readme,
        site_dir=site_dir,
        site_engine=site_engine,
        site_url=site_url,
    )
    run.reads([settings.path(settings.data_dir), settings.path(settings.templates_dir)])
    loaded = load_or_exit(settings, run=run)
    derived = derive(loaded.catalog)
    outputs = readme_outputs(settings, derived)
    if check:
        old = stale(outputs)
        for o in old:
            click.echo(f"stale: {o.path} (run `rsitr-list build`)", err=True)
            for line in short_diff(o):
                click.echo(f"  {line}", err=True)
        if old:
            raise SystemExit(1)
        run.echo(f"up to date: {len(outputs)} files")
        run.remember((o.path, o.data) for o in outputs)
        return
    # The site first: it is built aside and swapped in only when complete, so a failure
    # there leaves the README untouched too.
    if not no_site:
        build_site_or_exit(settings, derived)
    written = write_or_exit(outputs)
    if no_site:
        # What a replay prints: by then every output holds these bytes already.
        run.keep(f"built: {len(outputs)} files (0 changed)")
        run.remember((o.path, o.data) for o in outputs)
    click.echo(f"built: {len(outputs)} files ({len(written)} changed)")
