"""Fixtures shared by the tests: fixture projects copied to tmp_path, a fixed clock, the list derived."""

from __future__ import annotations

import datetime as dt
import shutil
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from projects import ROOT
from rsitr_list import clock as list_clock
from rsitr_list.derive import Derived, derive
from rsitr_list.pipeline import load_catalog
from rsitr_list.settings import load_settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
# The year-range rule accepts years up to next year; expected outputs are written for this day.
from clock import TODAY  # noqa: E402 - one definition for conftest and the subprocess driver


@pytest.fixture(autouse=True, scope="session")
def _throwaway_cache_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The caches' signing key (core/signed.py) lives in a throwaway folder, never the user's own."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


@pytest.fixture(scope="module")
def derived() -> Derived:
    """The repository's own list, derived: for tests that only read it."""
    loaded = load_catalog(load_settings(ROOT))
    assert loaded.ok
    return derive(loaded.catalog)


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    class FixedDate(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return TODAY

    # Only the field checks see the fixed day; YAML and pydantic keep the real datetime module.
    monkeypatch.setattr(list_clock, "_dt", types.SimpleNamespace(date=FixedDate))
    return TODAY


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """Copy a fixture project (the minimal one by default) into tmp_path, so fixtures are never written to."""
    counter = iter(range(1000))

    def make(source: Path = MINIMAL) -> Path:
        dest = tmp_path / f"project{next(counter)}"
        shutil.copytree(source, dest, ignore=shutil.ignore_patterns("expected.txt", ".cache"))
        return dest

    return make
