"""Every source table says how precisely it prints its numbers, and the boards show them so."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from rsitr_list.derive import derive
from rsitr_list.models.result import RECALLS
from rsitr_list.pipeline import load_catalog
from rsitr_list.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def derived():
    loaded = load_catalog(load_settings(ROOT, {"cache_dir": ""}))
    assert loaded.ok
    return derive(loaded.catalog)


def test_every_table_states_its_printed_precision_or_why_it_cannot_be_told(derived) -> None:
    tables = {id(r.table): r.table for r in derived.catalog.results}.values()
    missing = sorted(str(t.source) for t in tables if not t.decimals_basis)
    assert missing == []
    for t in tables:
        if t.decimals is None:
            assert "cannot be told" in t.decimals_basis or "Mixed" in t.decimals_basis, t.source


def test_no_stored_number_is_more_precise_than_its_table_prints(derived) -> None:
    for row in derived.catalog.results:
        decimals = row.table.decimals
        if decimals is None:
            continue
        for value in [getattr(row, k) for k in RECALLS] + [row.mR]:
            if value is not None:
                assert -Decimal(repr(value)).as_tuple().exponent <= decimals, (row.table.source, row.label)


def test_numbers_are_shown_as_printed(derived) -> None:
    (e,) = [
        e
        for e in derived.entries
        if e.method == "GeoRSCLIP" and e.variant == "FT (RS5M + RSICD)" and e.dataset == "rsicd"
    ]
    # The README prints "38.00%"; YAML stores 38.0.
    assert (e.mR, e.fmt(e.mR)) == (38.0, "38.00")
