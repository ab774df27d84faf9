"""The best-mR-over-time charts: geometry drawn at build time from the leaderboards."""

from __future__ import annotations

from pathlib import Path

import pytest

from rsitr_list.core.labels import SETTINGS
from rsitr_list.derive import derive
from rsitr_list.pipeline import load_catalog
from rsitr_list.settings import load_settings
from rsitr_list.site.chart import geometry

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def charts():
    loaded = load_catalog(load_settings(ROOT))
    assert loaded.ok
    out = [(b, geometry(b)) for b in derive(loaded.catalog).full]
    assert any(chart for _, chart in out), "the data has dated results to chart"
    return out


def test_each_series_steps_up_through_the_records(charts):
    for board, chart in charts:
        if chart is None:
            assert not [e for e in board.trend if e.year is not None]
            continue
        left, top, right, bottom = chart.plot
        for series in chart.series:
            assert series.setting in SETTINGS
            years = [p.year for p in series.points]
            values = [float(p.mr) for p in series.points]
            assert years == sorted(set(years)), "one record per year, in order"
            assert values == sorted(set(values)), "each record beats the previous one"
            dated = [e for e in board.trend if e.setting == series.setting and e.year is not None]
            assert max(values) == pytest.approx(max(e.mR for e in dated), abs=0.01)
            assert min(years) == min(e.year for e in dated)
            for p in series.points:
                assert left <= p.x <= right and top <= p.y <= bottom
            assert series.path.startswith(f"M{series.points[0].x},{series.points[0].y}")


def test_higher_mr_is_drawn_higher(charts):
    for _, chart in charts:
        if chart is None:
            continue
        for series in chart.series:
            ys = [p.y for p in series.points]
            assert ys == sorted(ys, reverse=True)
