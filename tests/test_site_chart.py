"""The best-mR-over-time charts: geometry drawn at build time from the leaderboards."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from rsitr_list.core.labels import SETTINGS, setting_key
from rsitr_list.derive.site import SiteBoard, site_boards
from rsitr_list.site.chart import CHAR_WIDTH, LAYOUTS, geometry

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def charts(derived):
    out = [(b, geometry(b)) for b in site_boards(derived.full, derived.main, derived.entries)]
    assert any(chart for _, chart in out), "the data has dated results to chart"
    return out


def test_each_series_steps_up_through_the_records(charts):
    for board, chart in charts:
        if chart is None:
            assert not [e for e in board.trend if e.year is not None]
            continue
        assert [d.layout for d in chart.drawings] == list(LAYOUTS)
        for drawing in chart.drawings:
            left, top, right, bottom = drawing.plot
            for series in drawing.series:
                assert series.setting in SETTINGS
                years = [p.year for p in series.points]
                values = [float(p.mr) for p in series.points]
                assert years == sorted(set(years)), "one record per year, in order"
                assert values == sorted(set(values)), "each record beats the previous one"
                dated = [e for e in board.trend if setting_key(e.setting) == series.setting and e.year is not None]
                assert max(values) == pytest.approx(max(e.mR for e in dated), abs=0.01)
                assert min(years) == min(e.year for e in dated)
                for p in series.points:
                    assert left <= p.x <= right and top <= p.y <= bottom
                assert series.path.startswith(f"M{series.points[0].x},{series.points[0].y}")


def test_the_chart_draws_the_leaderboard_rows_only(charts, derived):
    # The README's picks: no re-run, no baseline, no second number for a method.
    ranked = {r.entry.id for b in derived.main for r in b.rows}
    for board, _ in charts:
        assert {e.id for e in board.trend} <= ranked
        assert all(e.kind in ("own", "quoted") and not e.baseline for e in board.trend)


def test_higher_mr_is_drawn_higher(charts):
    for _, chart in charts:
        if chart is None:
            continue
        for drawing in chart.drawings:
            for series in drawing.series:
                ys = [p.y for p in series.points]
                assert ys == sorted(ys, reverse=True)


def _label_box(p, font: int) -> tuple[float, float, float, float]:
    w = len(p.label) * font * CHAR_WIDTH
    left = p.label_x if p.anchor == "start" else p.label_x - w / 2 if p.anchor == "middle" else p.label_x - w
    return (left, p.label_y - font * 0.8, left + w, p.label_y + font * 0.2)


def test_every_point_is_labelled_inside_the_drawing(charts):
    for _, chart in charts:
        if chart is None:
            continue
        for drawing in chart.drawings:
            width, font = drawing.layout.width, drawing.layout.font
            for series in drawing.series:
                for p in series.points:
                    assert p.label and p.name.startswith(p.label.rstrip("…"))
                    left, _, right, _ = _label_box(p, font)
                    assert left >= 0 and right <= width, (p.label, left, right)
        # The table alternative lists the same points.
        assert len(chart.records) == sum(len(s.points) for s in chart.series)


def test_labels_of_close_points_do_not_overlap(charts):
    # Four records in four years, close in mR: the placer must move labels apart.
    board = next(b for b, chart in charts if chart is not None and chart.records)
    template = board.trend[0]
    trend = [
        dataclasses.replace(
            template,
            id=f"t:{i}",
            method=f"Method {i}",
            variant=None,
            year=2020 + i,
            mR=40.0 + i * 0.3,
            setting="no-vlp",
        )
        for i in range(4)
    ]
    rows = tuple(dataclasses.replace(board.rows[0], entry=e, rank=i + 1) for i, e in enumerate(trend))
    chart = geometry(SiteBoard(board.dataset_id, board.dataset_name, rows))
    assert chart is not None
    for drawing in chart.drawings:
        boxes = [_label_box(p, drawing.layout.font) for s in drawing.series for p in s.points]
        assert len(boxes) == 4
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                overlap_w = min(a[2], b[2]) - max(a[0], b[0])
                overlap_h = min(a[3], b[3]) - max(a[1], b[1])
                assert overlap_w <= 0 or overlap_h <= 0, (a, b)
