"""What every command shares: the project context, loading with diagnostics, writing.

Only the CLI knows about exit codes: 0 success; 1 invalid data, a stale file under
--check, or a usage error; 2 dead links (check-links).

The stages are imported inside the functions that use them: a replayed run
(replay.py) must get this far without importing pydantic or the models.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .replay import Run

if TYPE_CHECKING:
    from ..core.write import Output
    from ..diagnostics import Diagnostic
    from ..pipeline import Loaded
    from ..settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
Echo = Callable[..., None]


class Context:
    """The group's options, handed to every command."""

    def __init__(self, root: Path, data_dir: str | None = None):
        self.root = root
        self.data_dir = data_dir

    def settings(self, **overrides: Any) -> Settings:
        from ..settings import SettingsError, load_settings

        if overrides.get("data_dir") is None:
            overrides["data_dir"] = self.data_dir
        try:
            return load_settings(self.root, overrides)
        except SettingsError as e:
            raise click.ClickException(str(e)) from None

    def run(self, enabled: bool = True) -> Run:
        """The current command's run, which replays a clean earlier run of the same inputs (replay.py)."""
        cctx = click.get_current_context()
        params = {"group": {"data_dir": self.data_dir}, "command": cctx.params}
        return Run(self.root, cctx.info_name or cctx.command.name or "", params, enabled)


pass_ctx = click.make_pass_decorator(Context)


def data_dir_option(f: F) -> F:
    """--data-dir, accepted on the group and on each command that reads the data."""
    return click.option("--data-dir", default=None, help="Data folder (config: data_dir).")(f)


def print_diagnostics(diagnostics: list[Diagnostic], warnings: bool = True, echo: Echo = click.echo) -> None:
    from ..diagnostics import report

    for _, line in report(diagnostics, show_warnings=warnings):
        echo(line, err=True)


def load_or_exit(settings: Settings, warnings: bool = False, run: Run | None = None) -> Loaded:
    """The catalog, its diagnostics printed; exit 1 on errors. ``run`` records what is printed."""
    from ..pipeline import load_catalog

    if not (settings.root / settings.data_dir).is_dir():
        raise click.ClickException(
            f"no data folder at {settings.root / settings.data_dir}; run from the project root or pass --root"
        )
    loaded = load_catalog(settings)
    if run is not None:
        run.saw(loaded.diagnostics)
    print_diagnostics(loaded.diagnostics, warnings, run.echo if run is not None else click.echo)
    if not loaded.ok:
        raise SystemExit(1)
    return loaded


def write_or_exit(outputs: list[Output]) -> list[Path]:
    from ..core.write import write_all

    try:
        return write_all(outputs)
    except OSError as e:
        raise click.ClickException(
            f"could not write {e.filename or 'an output'}: {e.strerror or e}; no output was changed"
        ) from None
