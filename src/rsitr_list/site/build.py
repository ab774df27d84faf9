"""Build the website into site/ all-or-nothing.

MkDocs builds into a fresh temporary folder beside the destination; only a build
that succeeds (strict: any MkDocs warning fails it) replaces the old site, so a
failed build never leaves a half-written site behind.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from ..derive import Derived
from ..settings import Settings
from .plugin import RsitrListPlugin

CONFIG_FILE = "mkdocs.yml"


class SiteBuildError(Exception):
    """The site could not be built; the message says why (MkDocs' own errors are logged)."""


class _LastError(logging.Handler):
    """MkDocs logs a plugin's error, then raises a generic Abort: keep the message that says why."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.message: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        self.message = record.getMessage()


def _plugin(config) -> RsitrListPlugin:
    for plugin in config.plugins.values():
        if isinstance(plugin, RsitrListPlugin):
            return plugin
    raise SiteBuildError(f"{config.config_file_path} does not enable the rsitr-list plugin (plugins: [rsitr-list])")


def _swap(new: Path, dest: Path) -> None:
    """Put ``new`` at ``dest``; the old site is removed only once the new one is in place."""
    old = None
    if dest.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
        os.replace(dest, old / dest.name)
    os.replace(new, dest)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_site(settings: Settings, derived: Derived | None = None, *, config_file: Path | None = None,
               dest: Path | None = None, verbose: bool = False) -> Path:
    """Build the site for ``settings``' data into ``dest`` (default: the site_dir setting).

    ``derived`` is the list already validated and derived by the caller, so the data is read once;
    ``config_file`` defaults to mkdocs.yml in the project root (tests point a fixture
    data tree at the project's own mkdocs.yml and docs/).
    """
    config_file = config_file or settings.path(CONFIG_FILE)
    dest = dest or settings.path(settings.site_dir)
    if not config_file.is_file():
        raise SiteBuildError(f"no MkDocs configuration at {config_file}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; a site is meant to be served
    handler = logging.StreamHandler()
    handler.setLevel(logging.DEBUG if verbose else logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    last_error = _LastError()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.addHandler(last_error)
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        config = load_config(str(config_file), site_dir=str(tmp), strict=True)
        plugin = _plugin(config)
        plugin.settings, plugin.derived = settings, derived
        mkdocs_build(config)
    except (Abort, MkDocsException) as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise SiteBuildError(f"site build failed: {last_error.message or e}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        mkdocs_log.removeHandler(handler)
        mkdocs_log.removeHandler(last_error)
        mkdocs_log.setLevel(level)
    _swap(tmp, dest)
    return dest
