"""Copies of the project for tests to build in, so that no test writes into the repository.

A module of its own, not conftest (see clock.py): any test module can import it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DATA = ROOT / "tests" / "fixtures" / "golden" / "data"


def copy_project(dest: Path, data: Path = ROOT / "data", site: bool = False) -> Path:
    """``data`` as data/, with the repository's templates/ and pyproject.toml, in ``dest``.

    With ``site``, docs/ and mkdocs.yml too, which the website build reads.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(data, dest / "data")
    for folder in ("templates", "docs") if site else ("templates",):
        shutil.copytree(ROOT / folder, dest / folder)
    for name in ("pyproject.toml", "mkdocs.yml") if site else ("pyproject.toml",):
        shutil.copy(ROOT / name, dest / name)
    return dest
