"""`rsitr-list add`: a paper record from its DOI or arXiv id (or an issue form), validated, then written."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from ..add import AddError, Choices, Project, parse_identifier, plan_paper
from ..add.http import Fetcher
from ..add.issue_form import FormProblems, parse_issue
from ..add.record import CATEGORIES, Planned
from ..core.write import Output
from .base import Command
from .common import Context, data_dir_option, pass_ctx, write_or_exit


class TerminalPrompter:
    def ask(self, label: str, *, choices: list[str] | None = None, required: bool = False) -> str:
        kind = click.Choice(choices) if choices else None
        value = click.prompt(
            label, type=kind, default=None if required else "", show_default=False, show_choices=bool(choices), err=True
        )
        return str(value).strip()


def interactive() -> bool:
    """Prompts only on a terminal: in CI or a pipe, a missing flag is an error instead."""
    return sys.stdin.isatty()


def _fence(text: str, info: str = "") -> str:
    # A fence longer than any backtick run inside, so quoted text cannot close it early
    # (nor turn into Markdown, links or @mentions in the bot's comment).
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    tick = "`" * max(3, longest + 1)
    return f"{tick}{info}\n{text}\n{tick}"


def _report(path: Path | None, text: str) -> None:
    if path is not None:
        write_or_exit([Output(path, text)])


def _fail(report: Path | None, problems: list[str], hint: str | None = None) -> None:
    for p in problems:
        click.echo(f"error: {p}", err=True)
    if hint:
        click.echo(f"  hint: {hint}", err=True)
    _report(
        report,
        "Thank you for suggesting a paper! The record could not be built yet; "
        "please edit the issue to fix the following, and the check runs again:\n\n"
        + "\n".join(f"- {_fence(p)}".replace("\n", "\n  ") for p in problems)
        + (f"\n\n{_fence(hint)}\n" if hint else "\n"),
    )
    raise SystemExit(1)


@click.command("add", cls=Command)
@click.argument("identifier", required=False)
@click.option(
    "--from-issue",
    "issue_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the request from an 'Add a paper' issue body (Markdown) instead.",
)
@click.option("--category", type=click.Choice(CATEGORIES), help="closed-domain, open-domain or hashing.")
@click.option("--method", help="Short method name, e.g. PIR.")
@click.option("--code", help="Official code repository URL.")
@click.option("--project", "project_url", help="Project page, model or data release URL.")
@click.option("--dataset", "datasets", multiple=True, help="Dataset id evaluated on; repeat, or comma-separate.")
@click.option("--venue", help="Venue id from data/venues.yaml, when it cannot be matched.")
@click.option("--id", "record_id", help="Record id (default: <method-or-first-word>-<year>).")
@click.option("--dry-run", is_flag=True, help="Print the record; write nothing.")
@click.option("--refresh", is_flag=True, help="Ask the servers again instead of using cached answers.")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a Markdown summary (for an issue comment) to this file.",
)
@data_dir_option
@pass_ctx
def command(
    ctx: Context,
    identifier: str | None,
    issue_file: Path | None,
    category: str | None,
    method: str | None,
    code: str | None,
    project_url: str | None,
    datasets: tuple[str, ...],
    venue: str | None,
    record_id: str | None,
    dry_run: bool,
    refresh: bool,
    report: Path | None,
    data_dir: str | None,
) -> None:
    """Add a paper from its DOI or arXiv id: doi:10.1109/..., arxiv:2306.11029, or a doi.org/arxiv.org link.

    Title, authors, venue and year come from Crossref or arXiv; the rest from the flags
    (or prompts, on a terminal). The record is validated with the whole list before it is
    written to data/papers/<id>.yaml; on any problem nothing is written.
    """
    settings = ctx.settings(data_dir=data_dir)
    if not settings.path(settings.data_dir).is_dir():
        raise click.ClickException(
            f"no data folder at {settings.path(settings.data_dir)}; run from the project root or pass --root"
        )
    if (identifier is None) == (issue_file is None):
        usage = click.UsageError("give either an IDENTIFIER or --from-issue FILE", click.get_current_context())
        usage.exit_code = 1  # the CLI's convention: 2 means dead links
        raise usage
    fetcher = Fetcher(settings.cache_path, refresh=refresh)
    try:
        project = Project.load(settings)
        if issue_file is not None:
            try:
                body = issue_file.read_text(encoding="utf-8", errors="replace")
            except OSError as e:
                raise click.ClickException(f"cannot read {issue_file}: {e.strerror or e}") from None
            try:
                request = parse_issue(body, project.catalog)
            except FormProblems as e:
                _fail(report, e.problems)
            ident, choices, prompter = request.identifier, request.choices, None
        else:
            assert identifier is not None
            ident = parse_identifier(identifier)
            choices = Choices(
                category=category,
                method=method or None,
                code=code or None,
                project=project_url or None,
                datasets=[d.strip() for ds in datasets for d in ds.split(",") if d.strip()],
                venue=venue,
                id=record_id,
            )
            prompter = TerminalPrompter() if interactive() else None
        planned = plan_paper(settings, ident, choices, fetcher, prompter, project=project)
    except AddError as e:
        _fail(report, [e.message], e.hint)
    _done(planned, dry_run, report)


def _done(planned: Planned, dry_run: bool, report: Path | None) -> None:
    for note in planned.notes:
        click.echo(f"note: {note}", err=True)
    summary = (
        f"Thank you! This is the record for **{planned.rel}**; a maintainer will review the pull request.\n\n"
        + _fence(planned.text.rstrip("\n"), "yaml")
        + "\n"
        + "".join(f"\n- note: {_fence(n)}" for n in planned.notes)
    )
    if dry_run:
        click.echo(planned.text, nl=False)
        _report(report, summary)
        click.echo(f"dry run: {planned.rel} was not written", err=True)
        return
    written = write_or_exit([Output(planned.path, planned.text)])
    _report(report, summary)
    click.echo(f"added: {planned.rel}" + ("" if written else " (unchanged)"))
    click.echo("next: `rsitr-list validate && rsitr-list build`, then commit data/papers/ and README.md", err=True)
