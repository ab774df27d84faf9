"""The project: its root folder and its raw [tool.rsitr-list] table (standard library only).

Every command finds its root before anything else, and the whole-run cache
(cli/replay.py) reads the table before deciding whether to import the rest, so this
module imports neither pydantic nor any stage. settings.py types the table.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

# Where caches live unless [tool.rsitr-list] cache_dir says otherwise ("" turns them off).
DEFAULT_CACHE_DIR = ".cache/rsitr-list"


class SettingsError(Exception):
    """pyproject.toml has a [tool.rsitr-list] table we cannot use."""


def parse_table(raw: bytes, pyproject: Path) -> dict[str, Any]:
    """The [tool.rsitr-list] table in the bytes of ``pyproject`` (named in errors)."""
    try:
        tool = tomllib.loads(raw.decode("utf-8")).get("tool", {})
    except tomllib.TOMLDecodeError as e:
        raise SettingsError(f"{pyproject}: invalid TOML: {e}") from None
    except UnicodeDecodeError as e:
        raise SettingsError(f"{pyproject}: cannot be read: {e}") from None
    table = tool.get("rsitr-list", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise SettingsError(f"{pyproject}: [tool.rsitr-list] must be a table")
    return table


def read_table(root: Path) -> dict[str, Any]:
    """The [tool.rsitr-list] table of ``root``'s pyproject.toml; empty when there is no such file."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return {}
    try:
        raw = pyproject.read_bytes()
    except OSError as e:
        raise SettingsError(f"{pyproject}: cannot be read: {e}") from None
    return parse_table(raw, pyproject)


def find_project_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` whose pyproject.toml has a [tool.rsitr-list] table.

    So that every command works from any subfolder of the project, as git does; None
    when there is none up to the file system root. A pyproject.toml that names the
    table but is not valid TOML still counts: loading its settings then says what is wrong,
    instead of a search that silently goes on to some other project above.
    """
    here = Path(start).absolute()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        try:
            raw = pyproject.read_bytes()
        except OSError:  # absent, a folder, or unreadable: keep walking up
            continue
        try:
            table = tomllib.loads(raw.decode("utf-8")).get("tool", {})
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            if b"tool.rsitr-list" in raw:
                return folder
            continue
        if isinstance(table, dict) and isinstance(table.get("rsitr-list"), dict):
            return folder
    return None
