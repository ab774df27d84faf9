"""The best-mR-over-time chart of a leaderboard, drawn at build time as inline SVG.

Drawn on the server so it shows without JavaScript. Geometry is computed here;
``templates/site/chart.svg.j2`` lays it out (autoescaped like every fragment).
One step line per setting: the best mR published up to each year, each record a
labelled point. Two layouts are drawn, a wide one and a narrow one for phones, and
CSS shows one: an SVG scales its text with its width, so one drawing cannot keep
its labels readable (at least 11 px) from a 970 px column down to a 320 px phone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from ..core.labels import SETTINGS, setting_key
from ..derive.boards import order_key
from ..derive.entries import Entry
from ..derive.site import SiteBoard as Board


@dataclass(frozen=True)
class Layout:
    name: str
    width: int
    height: int
    font: int  # label size in the drawing's units; CSS keeps the scale near 1 (see rsitr.css)
    margins: tuple[int, int, int, int]  # left, top, right, bottom
    max_label: int  # characters of a method name before it is cut (the full name is in the tooltip)


WIDE = Layout("wide", 720, 320, 13, (46, 14, 18, 40), 22)
NARROW = Layout("narrow", 360, 400, 14, (42, 14, 12, 44), 14)
LAYOUTS = (WIDE, NARROW)
# A marker shape per setting, so the series read without colour too.
SHAPES = {
    "no-vlp": "circle",
    "general-vlp": "square",
    "rs-vlp": "triangle",
    "zero-shot": "diamond",
    "unstated": "cross",
    "benchmark-only": "circle",
    "extra-pretraining": "square",
}
CHAR_WIDTH = 0.6  # of the font size: a generous average for the sans-serif labels


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    year: int
    mr: str  # as the source prints it
    name: str  # method and variant
    label: str  # the name as drawn, cut to fit
    label_x: float
    label_y: float
    anchor: str  # text-anchor of the label
    marker: str  # SVG path of the marker


@dataclass(frozen=True)
class Series:
    setting: str
    label: str
    path: str
    points: tuple[Point, ...]
    key: str  # the marker as the legend draws it, in a 32 × 12 swatch


@dataclass(frozen=True)
class Drawing:
    layout: Layout
    series: tuple[Series, ...]
    x_ticks: tuple[tuple[float, str], ...]
    y_ticks: tuple[tuple[float, str], ...]
    plot: tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class Record:
    """A point of the chart, as the table alternative lists it."""

    setting: str
    setting_label: str
    year: int
    name: str
    mr: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    summary: str
    drawings: tuple[Drawing, ...]
    records: tuple[Record, ...]  # every point, setting by setting, oldest first

    @property
    def series(self) -> tuple[Series, ...]:
        return self.drawings[0].series


def _records(dated: list[tuple[int, Entry]], years: range) -> list[tuple[int, Entry]]:
    """The result that raised the best mR, for each year where it rose."""
    best_by_year: dict[int, Entry] = {}
    for year, e in sorted(dated, key=lambda item: order_key(item[1])):  # on equal mR the board's first row wins
        best_by_year.setdefault(year, e)
    out: list[tuple[int, Entry]] = []
    for year in years:
        if year in best_by_year and (not out or best_by_year[year].mR > out[-1][1].mR):
            out.append((year, best_by_year[year]))
    return out


def _marker(shape: str, x: float, y: float, r: float = 4.5) -> str:
    if shape == "square":
        s = r * 0.85
        return f"M{x - s:.1f},{y - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}Z"
    if shape == "triangle":
        return f"M{x:.1f},{y - r * 1.1:.1f}L{x + r:.1f},{y + r * 0.8:.1f}L{x - r:.1f},{y + r * 0.8:.1f}Z"
    if shape == "diamond":
        return f"M{x:.1f},{y - r * 1.2:.1f}L{x + r:.1f},{y:.1f}L{x:.1f},{y + r * 1.2:.1f}L{x - r:.1f},{y:.1f}Z"
    if shape == "cross":
        return f"M{x - r:.1f},{y - 1.5:.1f}h{2 * r:.1f}v3h{-2 * r:.1f}ZM{x - 1.5:.1f},{y - r:.1f}h3v{2 * r:.1f}h-3Z"
    # circle, as two arcs
    return f"M{x - r:.1f},{y:.1f}a{r},{r} 0 1,0 {2 * r:.1f},0a{r},{r} 0 1,0 {-2 * r:.1f},0Z"


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _overlap(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _place(x: float, y: float, text: str, font: int, bounds: Box, taken: list[Box]) -> tuple[float, float, str]:
    """A label position beside its point that stays in the plot and off other labels and points.

    Tries above and below to the right (the step line runs right from the point, so a
    label beside it would sit on the line), then centred, then to the left; when none
    is free, takes the one that overlaps least, so every point keeps its name.
    """
    w, h, gap = len(text) * font * CHAR_WIDTH, font, 7
    candidates = [
        (x + 3, y - gap, "start"),
        (x + 3, y + gap + h * 0.7, "start"),
        (x, y - gap - 2, "middle"),
        (x, y + gap + h, "middle"),
        (x - 3, y - gap, "end"),
        (x - 3, y + gap + h * 0.7, "end"),
        (x + gap, y + h * 0.35, "start"),
        (x - gap, y + h * 0.35, "end"),
    ]
    best: tuple[float, tuple[float, float, str], Box] | None = None
    for lx, ly, anchor in candidates:
        left = lx if anchor == "start" else lx - w / 2 if anchor == "middle" else lx - w
        box = (left, ly - h * 0.8, left + w, ly + h * 0.2)
        outside = (
            (
                max(0.0, bounds[0] - box[0])
                + max(0.0, box[2] - bounds[2])
                + max(0.0, bounds[1] - box[1])
                + max(0.0, box[3] - bounds[3])
            )
            * h
            * 10
        )
        cost = outside + sum(_overlap(box, other) for other in taken)
        if best is None or cost < best[0]:
            best = (cost, (lx, ly, anchor), box)
        if cost == 0:
            break
    assert best is not None
    taken.append(best[2])
    return best[1]


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _draw(
    layout: Layout,
    by_setting: Sequence[tuple[str, list[tuple[int, Entry]]]],
    first: int,
    last: int,
    low: int,
    high: int,
) -> Drawing:
    ml, mt, mr, mb = layout.margins
    left, top, right, bottom = ml, mt, layout.width - mr, layout.height - mb
    span = max(1, last - first)

    def x(year: float) -> float:
        # A single year sits in the middle; otherwise years spread over the width, with room at both ends.
        if last == first:
            return round((left + right) / 2, 1)
        inset = 12
        return round(left + inset + (right - left - 2 * inset) * (year - first) / span, 1)

    def y(mr_value: float) -> float:
        return round(bottom - (bottom - top) * (mr_value - low) / (high - low), 1)

    taken: list[Box] = []
    placed: list[tuple[str, list[tuple[float, float, int, Entry]]]] = []
    for setting, records in by_setting:
        coords = [(x(year), y(e.mR), year, e) for year, e in records]
        placed.append((setting, coords))
        taken += [(px - 5, py - 5, px + 5, py + 5) for px, py, _, _ in coords]  # labels keep off every marker
        # ... and off the step line: a label on its own line is hard to read.
        ends = [*coords[1:], (x(last), coords[-1][1], last, coords[-1][3])]
        for (ax, ay, _, _), (bx, by, _, _) in zip(coords, ends, strict=True):
            taken.append((ax, ay - 1.5, bx, ay + 1.5))
            taken.append((bx - 1.5, min(ay, by), bx + 1.5, max(ay, by)))
    bounds = (float(left), float(top) - 4, float(layout.width) - 2, float(bottom))
    series = []
    for setting, coords in placed:
        points = []
        for px, py, year, e in coords:
            label = _cut(e.name, layout.max_label)
            lx, ly, anchor = _place(px, py, label, layout.font, bounds, taken)
            points.append(
                Point(
                    px,
                    py,
                    year,
                    e.fmt(e.mR),
                    e.name,
                    label,
                    round(lx, 1),
                    round(ly, 1),
                    anchor,
                    _marker(SHAPES.get(setting, "circle"), px, py),
                )
            )
        d = f"M{points[0].x},{points[0].y}"
        for point in points[1:]:
            d += f" H{point.x} V{point.y}"
        d += f" H{x(last)}"
        series.append(
            Series(setting, SETTINGS[setting], d, tuple(points), _marker(SHAPES.get(setting, "circle"), 16, 6, 4))
        )
    # As many year ticks as fit: every year on a wide chart, every other one or fewer when narrow.
    tick_width = 4 * layout.font * CHAR_WIDTH + 8
    every = max(1, math.ceil(tick_width * (span + 1) / (right - left)))
    x_ticks = tuple((x(yr), str(yr)) for yr in range(first, last + 1) if (yr - first) % every == 0)
    step = 10 if high - low > 40 else 5 if high - low > 10 else 2
    y_ticks = tuple((y(v), str(v)) for v in range(low, high + 1, step))
    return Drawing(layout, tuple(series), x_ticks, y_ticks, (left, top, right, bottom))


def geometry(board: Board, layouts: Iterable[Layout] = LAYOUTS) -> Chart | None:
    dated = [(e.year, e) for e in board.trend if e.year is not None]
    if not dated:
        return None
    first, last = min(year for year, _ in dated), max(year for year, _ in dated)
    years = range(first, last + 1)
    by_setting = []
    for setting in SETTINGS:
        records = _records([(year, e) for year, e in dated if setting_key(e.setting) == setting], years)
        if records:
            by_setting.append((setting, records))
    # The axis spans the points drawn, not every result: weak early rows would squeeze the records.
    drawn = [e.mR for _, records in by_setting for _, e in records]
    low = math.floor(min(drawn) / 5) * 5
    high = min(100, math.ceil(max(drawn) / 5) * 5)
    if high - low < 10:
        high = min(100, low + 10)
        low = high - 10
    best_year, best = min(dated, key=lambda item: order_key(item[1]))
    summary = (
        f"Best mR on {board.dataset_name} by year of publication, {first}–{last}, one line per setting; "
        f"highest: {best.fmt(best.mR)} ({best.name}, {best_year})."
    )
    records_out = tuple(
        Record(setting, SETTINGS[setting], year, e.name, e.fmt(e.mR))
        for setting, records in by_setting
        for year, e in records
    )
    return Chart(
        id=board.dataset_id,
        title=f"Best mR over time on {board.dataset_name}",
        summary=summary,
        drawings=tuple(_draw(layout, by_setting, first, last, low, high) for layout in layouts),
        records=records_out,
    )


def chart_svg(env: jinja2.Environment, board: Board) -> Markup:
    chart = geometry(board)
    if chart is None:
        return Markup("")
    # Rendered by the autoescaping environment, so the result is safe HTML.
    return Markup(env.get_template("chart.svg.j2").render(chart=chart, shapes=SHAPES))
