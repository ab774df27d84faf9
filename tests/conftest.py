"""Fixtures shared by the validator tests: fixture projects copied to tmp_path, a fixed clock."""

from __future__ import annotations

import datetime as dt
import shutil
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from rsitr_list.models import types as field_types

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
# The year-range rule accepts years up to next year; expected outputs are written for this day.
from clock import TODAY  # noqa: E402 - one definition for conftest and the subprocess driver


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    class FixedDate(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return TODAY

    # Only the field checks see the fixed day; YAML and pydantic keep the real datetime module.
    monkeypatch.setattr(field_types, "_dt", types.SimpleNamespace(date=FixedDate))
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
