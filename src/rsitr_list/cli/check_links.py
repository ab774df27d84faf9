"""`rsitr-list check-links`: parse options, run the check, print, choose the exit code.

Exit codes: 0 no dead links; 2 dead links found; 1 a usage, settings or internal error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..links import report as link_report
from ..links.changed import changed_files
from ..links.config import LinkConfigError
from ..links.run import check_links
from .base import Command
from .common import data_dir_option, load_or_exit

EXIT_DEAD = 2


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as e:
        raise click.ClickException(f"cannot write {path}: {e.strerror or e}") from None


@click.command("check-links", cls=Command)
@click.option("--changed", is_flag=True, help="Check only records changed against --base (for pull requests).")
@click.option("--base", default=None, help="Git revision --changed compares with (config: changed_base).")
@click.option(
    "--markdown",
    "markdown_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a Markdown report (fit for a GitHub issue) to this file.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write every link and its verdict as JSON to this file.",
)
@click.option("--cache", "cache", default=None, help="Cache file (config: cache).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache (no failure history).")
@click.option(
    "--dead-after", "dead_after_runs", type=int, help="Runs a link must fail on to be dead (config: dead_after_runs)."
)
@click.option("--max-concurrency", type=int, help="Requests in flight at once (config: max_concurrency).")
@click.option(
    "--per-host", "per_host_concurrency", type=int, help="Requests in flight per host (config: per_host_concurrency)."
)
@click.option(
    "--interval", "min_interval", help="Least time between requests to one host, e.g. 50ms (config: min_interval)."
)
@click.option("--connect-timeout", help="e.g. 5s (config: connect_timeout).")
@click.option("--read-timeout", help="e.g. 15s (config: read_timeout).")
@click.option("--request-timeout", help="Most time one request may take in all, e.g. 30s (config: request_timeout).")
@click.option("--deadline", help="Time limit for the whole run, e.g. 10m (config: deadline).")
@click.option("--retries", type=int, help="Retries after timeouts, resets, 5xx and 429 (config: retries).")
@click.option("--ttl", help="How long a working link's result is reused, e.g. 7d (config: ttl).")
@click.option("--failure-ttl", help="How long a failure's result is reused, e.g. 1h (config: failure_ttl).")
@click.option("--user-agent", help="User-Agent header (config: user_agent).")
@click.option("--accept", help="Accepted status codes, e.g. '200..299,999' (config: accept).")
@click.option("--exclude", multiple=True, help="Regex of links not to check; repeatable (config: exclude, added to).")
@click.option(
    "--fragments/--no-fragments", "check_fragments", default=None, help="Check #anchors (config: check_fragments)."
)
@click.option(
    "--internal/--no-internal", default=None, help="Check README and site anchors offline (config: internal)."
)
@click.option("--external/--no-external", default=None, help="Check links on the network (config: external).")
@click.option(
    "--github-api/--no-github-api",
    "github_api_enabled",
    default=None,
    help="Use the GitHub API when GITHUB_TOKEN is set (config: github_api_enabled).",
)
@click.option(
    "--progress",
    type=click.Choice(["auto", "always", "never"]),
    default=None,
    help="Progress bar on stderr; auto draws it only on a terminal (config: progress).",
)
@data_dir_option
@click.option("-v", "--verbose", is_flag=True, help="Also list links that were not checked.")
@click.pass_context
def command(
    ctx: click.Context,
    changed: bool,
    base: str | None,
    markdown_path: Path | None,
    json_path: Path | None,
    cache: str | None,
    no_cache: bool,
    data_dir: str | None,
    verbose: bool,
    exclude: tuple[str, ...],
    **flags: object,
) -> None:
    """Check every link of the records (and the README's anchors); report dead ones at their field."""
    app = ctx.obj
    settings = app.settings(data_dir=data_dir)
    try:
        cfg = settings.links.with_flags(
            {**flags, "cache": cache, "exclude": list(exclude) or None, "changed_base": base}
        )
        only = changed_files(settings.root, cfg.changed_base) if changed else None
    except LinkConfigError as e:
        raise click.ClickException(str(e)) from None
    settings = settings.model_copy(update={"links": cfg})
    loaded = load_or_exit(settings)
    show_bar = cfg.progress == "always" or (cfg.progress == "auto" and sys.stderr.isatty())
    try:
        result = check_links(
            loaded.catalog,
            settings,
            only_paths=only,
            use_cache=not no_cache,
            progress=show_bar,
            all_lines=json_path is not None,
        )
    except KeyboardInterrupt:
        raise click.ClickException("interrupted") from None
    except Exception as e:  # an internal error: say what, exit 1; RSITR_LIST_DEBUG=1 shows the traceback
        if os.environ.get("RSITR_LIST_DEBUG"):
            raise
        raise click.ClickException(
            f"internal error: {type(e).__name__}: {e} (set RSITR_LIST_DEBUG=1 for details)"
        ) from None
    click.echo(link_report.text(result, verbose=verbose), nl=False)
    if markdown_path:
        _write(markdown_path, link_report.markdown(result))
    if json_path:
        _write(json_path, link_report.to_json(result))
    if result.dead:
        ctx.exit(EXIT_DEAD)
