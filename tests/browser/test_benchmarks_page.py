"""The Benchmarks page: sortable leaderboards, setting and kind filters, charts."""

from __future__ import annotations

from rsitr_list.derive import boards as lb
from rsitr_list.derive import derive
from rsitr_list.derive.entries import entries as resolve_entries
from rsitr_list.site.chart import geometry

COLUMN_VALUES = """(table, index) => Array.from(table.tBodies[0].rows)
    .filter(r => !r.hidden).map(r => r.cells[index].dataset.value)"""


def column_index(table, label: str) -> int:
    labels = table.locator("thead th").evaluate_all("els => els.map(e => e.innerText.replace(/[↕▲▼]/g, '').trim())")
    return labels.index(label)


def header(table, label: str):
    return table.locator("thead th").nth(column_index(table, label))


def column(table, label: str) -> list[str]:
    return table.evaluate(COLUMN_VALUES, column_index(table, label))


def row_texts(table) -> list[str]:
    return sorted(table.locator("tbody tr").evaluate_all("els => els.map(e => e.innerText)"))


def test_sorting_a_column_reorders_the_leaderboard(page_on, site):
    page = page_on("benchmarks/")
    table = page.locator("table[data-rsitr-board]").first
    dataset = table.evaluate("t => t.closest('section').dataset.dataset")
    entries = [e for e in resolve_entries(site.catalog) if e.dataset == dataset]
    before = row_texts(table)
    # Without sorting, rows are in the leaderboard's order: best mR first, partial rows last.
    complete = sorted((e for e in entries if not e.partial), key=lb.order_key)
    partial = sorted((e for e in entries if e.partial), key=lambda e: -e.mR)
    assert [float(v) for v in column(table, "mR")] == [e.mR for e in complete + partial]

    r1 = header(table, "I→T R@1")
    r1.locator("button").click()
    assert r1.get_attribute("aria-sort") == "descending"
    # Partial rows have no recalls: empty cells stay last both ways.
    known = [e.i2t_r1 for e in entries if e.i2t_r1 is not None]
    blanks = [None] * (len(entries) - len(known))
    values = lambda: [float(v) if v else None for v in column(table, "I→T R@1")]  # noqa: E731
    assert values() == sorted(known, reverse=True) + blanks
    r1.locator("button").click()
    assert r1.get_attribute("aria-sort") == "ascending"
    assert values() == sorted(known) + blanks

    # Rows without a year (methods with no paper in the list) stay last both ways.
    header(table, "Year").locator("button").click()
    years = column(table, "Year")
    dated = sorted((e.year for e in entries if e.year is not None), reverse=True)
    assert years == [str(y) for y in dated] + [""] * (len(entries) - len(dated))
    assert table.locator("thead th[aria-sort]").count() == 1

    header(table, "Method").locator("button").click()
    names = column(table, "Method")
    assert page.evaluate("names => names.every((n, i) => i === 0 || names[i - 1].localeCompare(n) <= 0)",
                         [n.lower() for n in names])
    assert row_texts(table) == before, "sorting must move whole rows"


def test_setting_and_kind_filters_and_their_url(page_on, site, context):
    entries = resolve_entries(site.catalog)
    page = page_on("benchmarks/")
    rows = page.locator("table[data-rsitr-board] tbody tr")
    assert rows.count() == len(entries)

    page.uncheck("input[name=kind][value=quoted]")
    page.uncheck("input[name=kind][value=rerun]")
    visible = rows.evaluate_all("els => els.filter(e => !e.hidden).map(e => e.dataset.kind)")
    assert visible == ["own"] * sum(e.kind == "own" for e in entries)
    assert "kind=own" in page.url

    page.uncheck("input[name=setting][value=no-vlp]")
    others = {"general-vlp", "rs-vlp", "zero-shot", "unstated"}
    want = sum(e.kind == "own" and e.setting in others for e in entries)
    shown = rows.evaluate_all("els => els.filter(e => !e.hidden).map(e => e.dataset.setting)")
    assert len(shown) == want and set(shown) <= others

    other = context.new_page()
    other.goto(page.url)
    other.wait_for_load_state("networkidle")
    again = other.locator("table[data-rsitr-board] tbody tr").evaluate_all(
        "els => els.filter(e => !e.hidden).map(e => e.dataset.setting + '/' + e.dataset.kind)")
    assert len(again) == want and {k.split("/")[1] for k in again} == {"own"}
    assert not other.is_checked("input[name=setting][value=no-vlp]")


def test_rows_show_provenance_and_the_mr_mismatch_flag(page_on, site):
    entries = resolve_entries(site.catalog)
    page = page_on("benchmarks/")
    links = page.locator("table[data-rsitr-board] td.rsitr-source a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    assert sorted(links) == sorted(e.source.url for e in entries)
    flagged = sum(e.mr_mismatch for e in entries)
    assert flagged > 0, "the hostile fixture has a mismatched mR"
    assert page.locator("table[data-rsitr-board] .rsitr-flag").count() == flagged


def test_each_leaderboard_has_a_chart_drawn_without_javascript(no_js_page, site):
    page = no_js_page("benchmarks/")
    charted = {b.dataset_id: geometry(b) for b in derive(site.catalog).full}
    charted = {k: g for k, g in charted.items() if g is not None}
    assert charted, "some board must have dated results to chart"
    shown = page.locator("section.rsitr-board-section:has(svg.rsitr-chart__svg)").evaluate_all(
        "els => els.map(e => e.dataset.dataset)")
    assert sorted(shown) == sorted(charted)
    for dataset, chart in charted.items():
        svg = page.locator(f"section[data-dataset={dataset}] svg.rsitr-chart__svg")
        assert svg.locator("path").count() == len(chart.series)
        assert svg.locator("circle").count() == sum(len(s.points) for s in chart.series)
        assert svg.bounding_box()["height"] > 100
