"""What every command shares: the project context, loading with diagnostics, writing.

Only the CLI knows about exit codes: 0 success; 1 invalid data, a stale file under
--check, or a usage error; 2 dead links (check-links).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..core.write import Output, write_all
from ..diagnostics import Diagnostic, report
from ..pipeline import Loaded, load_catalog
from ..settings import Settings, SettingsError, load_settings

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """The group's options, handed to every command."""

    def __init__(self, root: Path, data_dir: str | None = None):
        self.root = root
        self.data_dir = data_dir

    def settings(self, **overrides: Any) -> Settings:
        if overrides.get("data_dir") is None:
            overrides["data_dir"] = self.data_dir
        try:
            return load_settings(self.root, overrides)
        except SettingsError as e:
            raise click.ClickException(str(e)) from None


pass_ctx = click.make_pass_decorator(Context)


def data_dir_option(f: F) -> F:
    """--data-dir, accepted on the group and on each command that reads the data."""
    return click.option("--data-dir", default=None, help="Data folder (config: data_dir).")(f)


def print_diagnostics(diagnostics: list[Diagnostic], warnings: bool = True) -> None:
    for _, line in report(diagnostics, show_warnings=warnings):
        click.echo(line, err=True)


def load_or_exit(settings: Settings, warnings: bool = False) -> Loaded:
    if not (settings.root / settings.data_dir).is_dir():
        raise click.ClickException(
            f"no data folder at {settings.root / settings.data_dir}; run from the project root or pass --root"
        )
    loaded = load_catalog(settings)
    print_diagnostics(loaded.diagnostics, warnings)
    if not loaded.ok:
        raise SystemExit(1)
    return loaded


def write_or_exit(outputs: list[Output]) -> list[Path]:
    try:
        return write_all(outputs)
    except OSError as e:
        raise click.ClickException(
            f"could not write {e.filename or 'an output'}: {e.strerror or e}; no output was changed"
        ) from None
