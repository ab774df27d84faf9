"""Settings: one typed object read from [tool.rsitr-list] in pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError


class SettingsError(Exception):
    """pyproject.toml has a [tool.rsitr-list] table we cannot use."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    root: Path = Path(".")
    data_dir: str = "data"
    templates_dir: str = "templates"
    readme: str = "README.md"
    schema_dir: str = "schema"
    cache_dir: str = ".cache/rsitr-list"
    site_dir: str = "site"
    exports_dir: str = "exports"
    # [tool.rsitr-list.links] is kept raw here and parsed by the link checker's own
    # settings model (links/config.py), which knows its keys and their hints.
    links: dict[str, Any] = {}

    def path(self, rel: str) -> Path:
        return self.root / rel

    @property
    def cache_path(self) -> Path | None:
        return self.root / self.cache_dir if self.cache_dir else None


def load_settings(root: Path, overrides: dict[str, Any] | None = None) -> Settings:
    table: dict[str, Any] = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            with pyproject.open("rb") as fh:
                table = tomllib.load(fh).get("tool", {}).get("rsitr-list", {})
        except tomllib.TOMLDecodeError as e:
            raise SettingsError(f"{pyproject}: invalid TOML: {e}") from None
    values = {**table, **{k: v for k, v in (overrides or {}).items() if v is not None}, "root": root}
    try:
        return Settings.model_validate(values)
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())
        raise SettingsError(f"{pyproject} [tool.rsitr-list]: {problems}") from None


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
