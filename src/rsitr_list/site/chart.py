"""The best-mR-over-time chart of a leaderboard, drawn at build time as inline SVG.

Drawn on the server so it shows without JavaScript. Geometry is computed here;
``templates/site/chart.svg.j2`` lays it out (autoescaped like every fragment).
One step line per setting: the best mR published up to each year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from ..core.labels import SETTINGS
from ..derive.boards import FullBoard as Board
from ..derive.boards import order_key
from ..derive.entries import Entry

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 36


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    year: int
    mr: str  # as the source prints it
    label: str  # method and variant, for the tooltip


@dataclass(frozen=True)
class Series:
    setting: str
    label: str
    path: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    summary: str
    width: int
    height: int
    series: tuple[Series, ...]
    x_ticks: tuple[tuple[float, str], ...]
    y_ticks: tuple[tuple[float, str], ...]
    plot: tuple[float, float, float, float]  # left, top, right, bottom


def _records(entries: list[Entry], years: range) -> list[Entry]:
    """The result that raised the best mR, for each year where it rose."""
    best_by_year: dict[int, Entry] = {}
    for e in sorted(entries, key=order_key):  # on equal mR the board's first row names the record
        best_by_year.setdefault(e.year, e)
    out: list[Entry] = []
    for year in years:
        if year in best_by_year and (not out or best_by_year[year].mR > out[-1].mR):
            out.append(best_by_year[year])
    return out


def geometry(board: Board) -> Chart | None:
    dated = [e for e in board.trend if e.year is not None]
    if not dated:
        return None
    first, last = min(e.year for e in dated), max(e.year for e in dated)
    years = range(first, last + 1)
    low = math.floor(min(e.mR for e in dated) / 10) * 10
    high = min(100, math.ceil(max(e.mR for e in dated) / 10) * 10)
    if high <= low:
        high = low + 10
    left, top, right, bottom = LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM
    span = max(1, last - first)

    def x(year: float) -> float:
        # A single year sits in the middle; otherwise years spread over the width.
        return round(left + (right - left) * ((year - first) / span if last > first else 0.5), 1)

    def y(mr: float) -> float:
        return round(bottom - (bottom - top) * (mr - low) / (high - low), 1)

    series = []
    for setting, label in SETTINGS.items():
        records = _records([e for e in dated if e.setting == setting], years)
        if not records:
            continue
        points = tuple(Point(x(e.year), y(e.mR), e.year, e.fmt(e.mR), e.name) for e in records)
        d = f"M{points[0].x},{points[0].y}"
        for point in points[1:]:
            d += f" H{point.x} V{point.y}"
        d += f" H{x(last)}"
        series.append(Series(setting, label, d, points))
    best = min(dated, key=order_key)
    summary = (f"Best mR on {board.dataset_name} by year of publication, {first}–{last}; "
               f"highest: {best.fmt(best.mR)} ({best.name}, {best.year}).")
    step = 10 if high - low > 40 else 5
    return Chart(
        id=board.dataset_id, title=f"Best mR over time on {board.dataset_name}", summary=summary,
        width=WIDTH, height=HEIGHT, series=tuple(series),
        x_ticks=tuple((x(yr), str(yr)) for yr in years),
        y_ticks=tuple((y(v), str(v)) for v in range(low, high + 1, step)),
        plot=(left, top, right, bottom),
    )


def chart_svg(env: jinja2.Environment, board: Board) -> Markup:
    chart = geometry(board)
    if chart is None:
        return Markup("")
    # Rendered by the autoescaping environment, so the result is safe HTML.
    return Markup(env.get_template("chart.svg.j2").render(chart=chart))
