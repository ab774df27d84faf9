"""The Benchmarks page: the README's leaderboards by default, every result on demand,
filters and sorts kept in the URL, comparisons, readable charts, and tables that fit."""

from __future__ import annotations

import re

import pytest

from rsitr_list.core.labels import SETTINGS
from rsitr_list.derive import derive
from rsitr_list.derive.boards import method_key
from rsitr_list.derive.site import SiteBoard, site_boards
from rsitr_list.site.chart import geometry

SIZES = ("desktop", "phone")  # conftest.SIZES: 1280 × 900 and 390 × 844
BOARD = "table[data-rsitr-board]"
VISIBLE_ROWS = "els => els.filter(e => !e.hidden && e.offsetParent !== null).map(e => e.id)"


@pytest.fixture(scope="module")
def derived(site):
    return derive(site.catalog)


@pytest.fixture(scope="module")
def boards(derived) -> dict[str, SiteBoard]:
    return {b.dataset_id: b for b in site_boards(derived.full, derived.main, derived.entries)}


def visible(page, dataset: str) -> list[str]:
    return page.locator(f"section[data-dataset={dataset}] {BOARD} tbody tr").evaluate_all(VISIBLE_ROWS)


def rank_cells(page, dataset: str) -> list[str]:
    return page.locator(f"section[data-dataset={dataset}] {BOARD} tbody tr").evaluate_all(
        "els => els.filter(e => !e.hidden).map(e => e.cells[0].innerText.trim())"
    )


def caption_count(page, dataset: str) -> int:
    """The number of rows a board's caption says it shows."""
    text = page.inner_text(f"section[data-dataset={dataset}] {BOARD} .rsitr-board__count")
    match = re.match(r"(?:All )?(\d+)", text)
    assert match, text
    return int(match.group(1))


def by_anchor(board: SiteBoard) -> dict:
    return {r.anchor: r for r in board.rows}


@pytest.mark.parametrize("size", list(SIZES))
def test_default_view_is_the_readme_board_and_fits_the_screen(sized_page, size, boards, derived, artifacts):
    page = sized_page(size, "benchmarks/")
    readme = {b.dataset: b for b in derived.boards}
    main = {b.dataset: b for b in derived.main}
    assert set(boards) == set(main) and len(boards) >= 5
    for dataset, board in boards.items():
        rows = by_anchor(board)
        shown = [rows[a] for a in visible(page, dataset)]
        entries = [r.entry for r in shown]
        # One row per method and variant, no re-run, no baseline: the README's rules.
        assert len({method_key(e) for e in entries}) == len(entries), dataset
        assert all(e.kind in ("own", "quoted") and not e.baseline for e in entries), dataset
        # The same rows, order, ranks and ties as the README's board, then the rest of the main board.
        want = [(r.entry.id, r.rank) for r in main[dataset].rows]
        assert [(r.entry.id, r.rank) for r in shown] == want, dataset
        assert want[: len(readme[dataset].rows)] == [(r.entry.id, r.rank) for r in readme[dataset].rows]
        assert rank_cells(page, dataset) == [str(rank) for _, rank in want]
        assert caption_count(page, dataset) == len(shown)

        # The first row's mR is on screen without scrolling sideways, and not under the sticky column.
        first = page.locator(f"section[data-dataset={dataset}] {BOARD} tbody tr:not([hidden])").first
        page.evaluate(
            "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 200)", first.element_handle()
        )
        box = first.locator("td.rsitr-col-mr").bounding_box()
        width = page.evaluate("() => document.documentElement.clientWidth")
        assert page.evaluate("() => window.scrollX") == 0
        assert first.evaluate("tr => tr.closest('.rsitr-board__scroll').scrollLeft") == 0
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (dataset, box, width)
        hit = first.locator("td.rsitr-col-mr").evaluate(
            """td => { const r = td.getBoundingClientRect();
                       return td.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)); }"""
        )
        assert hit, f"{dataset}: the mR cell is covered"
        # Rank, method and setting too, on every size.
        for cell in ("td.rsitr-col-rank", "th.rsitr-col-method", "td:nth-child(4)"):
            b = first.locator(cell).bounding_box()
            assert b["x"] >= 0 and b["x"] + b["width"] <= width, (dataset, cell, b)
        # The artifact shows the board as a reader lands on it: its table at the top of the screen.
        page.evaluate(
            "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 64)",
            page.locator(f"section[data-dataset={dataset}] .rsitr-board__scroll").element_handle(),
        )
        page.screenshot(path=str(artifacts / f"board-{dataset}-{size}.png"))


def test_at_desktop_width_the_whole_default_table_is_visible(sized_page, boards):
    page = sized_page("desktop", "benchmarks/")
    for dataset in boards:
        scroll = page.locator(f"section[data-dataset={dataset}] .rsitr-board__scroll")
        assert scroll.evaluate("el => el.scrollWidth <= el.clientWidth"), dataset


def test_header_and_method_column_stay_in_view_when_a_board_scrolls(sized_page, boards):
    page = sized_page("phone", "benchmarks/")
    dataset = max(boards, key=lambda d: len(boards[d].ranked))
    scroll = page.locator(f"section[data-dataset={dataset}] .rsitr-board__scroll")
    scroll.scroll_into_view_if_needed()
    assert scroll.evaluate("el => el.scrollHeight > el.clientHeight && el.scrollWidth > el.clientWidth")
    scroll.evaluate("el => { el.scrollTop = 600; el.scrollLeft = 300; }")
    after = scroll.evaluate("""el => {
        const head = el.querySelector('thead').getBoundingClientRect();
        const row = Array.from(el.querySelectorAll('tbody tr'))
            .find(r => !r.hidden && r.getBoundingClientRect().top > head.bottom);
        return {head: head.top, top: el.getBoundingClientRect().top, left: el.getBoundingClientRect().left,
                method: row.querySelector('.rsitr-col-method').getBoundingClientRect().left,
                rank: row.querySelector('.rsitr-col-rank').getBoundingClientRect().left}; }""")
    assert after["head"] == pytest.approx(after["top"] + 1, abs=2), "the header row scrolled away"
    assert after["rank"] == pytest.approx(after["left"] + 1, abs=2), "the rank column scrolled away"
    assert after["method"] > after["rank"], "the method column scrolled away"


def _expected_visible(board: SiteBoard, view: str, settings: set[str], kinds: set[str]) -> list[str]:
    out = []
    for r in board.rows:
        kind = "baseline" if r.entry.baseline else r.entry.kind
        if (view == "all" or r.rank is not None) and r.setting in settings and kind in kinds:
            out.append(r.anchor)
    return out


def test_all_results_and_filters_and_captions_that_count_what_is_shown(page_on, boards, site):
    page = page_on("benchmarks/")
    settings = {s for b in boards.values() for s in (r.setting for r in b.rows)}
    offered = page.locator("#result-filters input[name=setting]").evaluate_all("els => els.map(e => e.value)")
    assert offered == [s for s in SETTINGS if s in settings], "one filter per setting in use, in SETTINGS order"
    labels = page.locator("#result-filters input[name=setting]").evaluate_all(
        "els => els.map(e => e.parentElement.innerText.trim())"
    )
    assert labels == [SETTINGS[s] for s in offered]
    kinds = {"own", "quoted", "rerun", "baseline"}

    def check(view: str, wanted_settings: set[str], wanted_kinds: set[str]) -> None:
        for dataset, board in boards.items():
            want = _expected_visible(board, view, wanted_settings, wanted_kinds)
            assert visible(page, dataset) == want, (dataset, view, wanted_settings, wanted_kinds)
            assert caption_count(page, dataset) == len(want)
            empty = page.locator(f"section[data-dataset={dataset}] .rsitr-filters__empty")
            assert empty.is_visible() == (not want)

    check("board", settings, kinds)
    page.check("input[name=view][value=all]")
    assert "view=all" in page.url
    check("all", settings, kinds)
    total = sum(len(b.rows) for b in boards.values())
    assert f"Showing {total} of {total} results" in page.inner_text("#result-filters .rsitr-filters__status")

    # Every extra row is marked and has no rank.
    for board in boards.values():
        for r in board.rows:
            if r.rank is not None:
                continue
            row = page.locator(f"tr#{r.anchor}")
            assert row.locator("td.rsitr-col-rank").inner_text().strip() == "–"
            assert row.locator("td.rsitr-col-rank span").get_attribute("title").startswith("Not ranked")
            tags = row.locator(".rsitr-tag").all_inner_texts()
            e = r.entry
            if e.baseline:
                assert "baseline" in tags
            elif e.kind == "rerun":
                assert "re-run" in tags
            elif e.kind == "quoted":
                assert "quoted" in tags

    page.uncheck("input[name=kind][value=quoted]")
    page.uncheck("input[name=kind][value=rerun]")
    check("all", settings, kinds - {"quoted", "rerun"})
    some = sorted(settings)[0]
    page.uncheck(f"input[name=setting][value={some}]")
    check("all", settings - {some}, kinds - {"quoted", "rerun"})
    page.check("input[name=view][value=board]")
    check("board", settings - {some}, kinds - {"quoted", "rerun"})

    page.click("#result-filters button[type=reset]")
    page.wait_for_function("() => !location.search.includes('kind')")
    check("board", settings, kinds)


def test_the_url_keeps_view_filters_and_sort(page_on, context, boards):
    page = page_on("benchmarks/")
    dataset = max(boards, key=lambda d: len(boards[d].rows))
    page.check("input[name=view][value=all]")
    page.uncheck("input[name=kind][value=baseline]")
    header = page.locator(f"section[data-dataset={dataset}] th[data-col=t2i_r10] button")
    header.click()
    assert "sort=" in page.url and f"{dataset}%3At2i_r10%3Adesc" in page.url.replace(":", "%3A")
    order = visible(page, dataset)
    rows = by_anchor(boards[dataset])
    values = [rows[a].entry.t2i_r10 for a in order]
    complete = [v for v in values if v is not None]
    assert complete == sorted(complete, reverse=True)

    other = context.new_page()
    other.goto(page.url)
    other.wait_for_load_state("networkidle")
    assert other.is_checked("input[name=view][value=all]")
    assert not other.is_checked("input[name=kind][value=baseline]")
    assert visible(other, dataset) == order
    assert (
        other.locator(f"section[data-dataset={dataset}] th[data-col=t2i_r10]").get_attribute("aria-sort")
        == "descending"
    )
    for d in boards:
        assert visible(other, d) == visible(page, d)


def test_sorting_a_column_reorders_whole_rows_and_keeps_missing_values_last(page_on, boards):
    page = page_on("benchmarks/", "view=all")
    dataset = next(iter(boards))
    rows = by_anchor(boards[dataset])
    section = page.locator(f"section[data-dataset={dataset}]")
    texts = lambda: sorted(section.locator("tbody tr").evaluate_all("els => els.map(e => e.innerText)"))  # noqa: E731
    before = texts()
    r1 = section.locator("th[data-col=i2t_r1]")
    r1.locator("button").click()
    assert r1.get_attribute("aria-sort") == "descending"
    # Partial rows have no recalls: missing values stay last both ways.
    got = [rows[a].entry.i2t_r1 for a in visible(page, dataset)]
    known = [v for v in got if v is not None]
    assert got == sorted(known, reverse=True) + [None] * (len(got) - len(known))
    r1.locator("button").click()
    assert r1.get_attribute("aria-sort") == "ascending"
    got = [rows[a].entry.i2t_r1 for a in visible(page, dataset)]
    known = [v for v in got if v is not None]
    assert got == sorted(known) + [None] * (len(got) - len(known))

    year = section.locator("th[data-col=year]")
    year.locator("button").click()
    # Complete rows first, then the partial ones (rsitr.js keeps them apart); each group sorted.
    shown = [rows[a].entry for a in visible(page, dataset)]
    for group in ([e for e in shown if not e.partial], [e for e in shown if e.partial]):
        years = [e.year for e in group]
        dated = [y for y in years if y is not None]
        assert years == sorted(dated, reverse=True) + [None] * (len(years) - len(dated))
    assert shown == [e for e in shown if not e.partial] + [e for e in shown if e.partial]
    assert section.locator("thead th[aria-sort]").count() == 1

    section.locator("th[data-col=rank] button").click()
    ranks = [rows[a].rank for a in visible(page, dataset)]
    ranked = [r for r in ranks if r is not None]
    assert ranks == sorted(ranked) + [None] * (len(ranks) - len(ranked)), "rank sorts best first, unranked last"
    assert texts() == before, "sorting must move whole rows"


def test_a_compare_url_restores_the_same_view(page_on, context, boards):
    page = page_on("benchmarks/")
    counts: dict[str, int] = {}
    for b in boards.values():
        for r in b.ranked:
            counts[r.method_id] = counts.get(r.method_id, 0) + 1
    picked = sorted(counts, key=lambda m: (-counts[m], m))[:3]
    for method in picked:
        page.select_option("#compare-form select[name=method]", method)
        page.click("#compare-form button[type=submit]")
    assert f"compare={'%2C'.join(picked)}" in page.url or f"compare={','.join(picked)}" in page.url
    table = page.locator(".rsitr-compare__result table")
    heads = table.locator("thead th").all_inner_texts()
    assert len(heads) == 1 + len(picked)
    # One row per dataset where a picked method has a leaderboard row; each cell names its ranks.
    want_datasets = [b.dataset_name for b in boards.values() if any(r.method_id in picked for r in b.ranked)]
    assert table.locator("tbody th").all_inner_texts() == want_datasets
    for i, board in enumerate(b for b in boards.values() if any(r.method_id in picked for r in b.ranked)):
        for j, method in enumerate(picked):
            cell = table.locator("tbody tr").nth(i).locator("td").nth(j)
            rows = [r for r in board.ranked if r.method_id == method]
            links = cell.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
            assert links == [f"#{r.anchor}" for r in rows]
            text = cell.inner_text()
            for r in rows:
                assert f"mR {r.entry.fmt(r.entry.mR)}" in text and f"rank {r.rank}" in text
            if not rows:
                assert text.strip() == "–"
    shown = table.inner_text()

    other = context.new_page()
    other.goto(page.url)
    other.wait_for_load_state("networkidle")
    assert other.locator(".rsitr-compare__result table").inner_text() == shown
    assert other.locator(".rsitr-compare__picked li").count() == len(picked)
    # Unknown ids and a fifth method are ignored.
    other.goto(page.url.split("?")[0] + "?compare=" + ",".join([*picked, "no-such-method", picked[0]]))
    other.wait_for_load_state("networkidle")
    assert other.locator(".rsitr-compare__picked li").count() == len(picked)
    other.locator(".rsitr-compare__remove").first.click()
    assert other.locator(".rsitr-compare__picked li").count() == len(picked) - 1
    assert picked[0] not in other.url.split("compare=")[1]


def test_a_link_to_a_row_off_the_leaderboard_shows_it(page_on, boards):
    board = next(b for b in boards.values() if any(r.rank is None for r in b.rows))
    target = next(r for r in board.rows if r.rank is None)
    page = page_on(f"benchmarks/#{target.anchor}")
    assert page.locator(f"tr#{target.anchor}").is_visible()
    assert page.is_checked("input[name=view][value=all]")


@pytest.mark.parametrize("size", list(SIZES))
def test_chart_text_is_at_least_11_px(sized_page, size, boards, artifacts):
    page = sized_page(size, "benchmarks/")
    charts = page.locator("svg.rsitr-chart__svg:visible")
    assert charts.count() == sum(geometry(b) is not None for b in boards.values()) > 0
    sizes = charts.evaluate_all("""svgs => svgs.flatMap(svg => {
        const scale = svg.getScreenCTM().a;
        return Array.from(svg.querySelectorAll('text')).map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
    })""")
    assert sizes and min(sizes) >= 11, min(sizes)
    charts.first.scroll_into_view_if_needed()
    charts.first.screenshot(path=str(artifacts / f"chart-{size}.png"))


def test_each_chart_labels_its_points_and_has_a_table(no_js_page, boards):
    page = no_js_page("benchmarks/")
    charted = {d: geometry(b) for d, b in boards.items()}
    charted = {d: c for d, c in charted.items() if c is not None}
    assert charted, "some board must have dated results to chart"
    shown = page.locator("section.rsitr-board-section:has(svg.rsitr-chart__svg)").evaluate_all(
        "els => els.map(e => e.dataset.dataset)"
    )
    assert sorted(shown) == sorted(charted)
    for dataset, chart in charted.items():
        svg = page.locator(f"section[data-dataset={dataset}] svg.rsitr-chart__svg--wide")
        points = sum(len(s.points) for s in chart.series)
        assert svg.locator("path.rsitr-chart__line").count() == len(chart.series)
        assert svg.locator("path.rsitr-chart__marker").count() == points
        assert svg.locator(".rsitr-chart__labels text").evaluate_all("els => els.map(e => e.textContent)") == [
            p.label for s in chart.series for p in s.points
        ]
        assert svg.bounding_box()["height"] > 200
        rows = page.locator(f"section[data-dataset={dataset}] .rsitr-chart__data tbody tr")
        assert rows.count() == points


def test_rows_show_provenance_and_the_mr_mismatch_flag(page_on, boards):
    page = page_on("benchmarks/", "view=all")
    entries = [r.entry for b in boards.values() for r in b.rows]
    links = page.locator(f"{BOARD} td.rsitr-source a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert sorted(links) == sorted(e.source.url for e in entries)
    flagged = [e for e in entries if e.mr_mismatch]
    assert flagged, "the hostile fixture has a mismatched mR"
    flags = page.locator(f"{BOARD} .rsitr-flag").all_inner_texts()
    assert sorted(flags) == sorted(
        f"⚠ {e.fmt(e.mean_of_six) if e.decimals is not None else f'{e.mean_of_six:.2f}'}" for e in flagged
    )


def test_numbers_are_printed_with_the_source_decimals(page_on, boards):
    page = page_on("benchmarks/", "view=all")
    checked = 0
    for board in boards.values():
        for r in board.rows:
            cells = page.locator(f"tr#{r.anchor} td.rsitr-num").all_inner_texts()
            e = r.entry
            want = [e.fmt(e.mR)] + ["–" if v is None else e.fmt(v) for v in e.recalls]
            assert [c.split()[0] for c in cells[1:]] == want, (r.anchor, cells)
            checked += e.decimals is not None
    assert checked, "some source table records its decimals"


def test_without_javascript_the_leaderboards_show_and_headers_do_not_pretend_to_sort(no_js_page, boards):
    page = no_js_page("benchmarks/")
    for dataset, board in boards.items():
        assert visible(page, dataset) == [r.anchor for r in board.ranked]
    assert page.locator(f"{BOARD} th button").count() == 0
    assert page.is_hidden("#result-filters") and page.is_hidden("#compare-form")
    arrows = page.locator(f"{BOARD} th[data-col=mr]").first.evaluate("th => getComputedStyle(th, '::after').content")
    assert arrows in ("none", "normal", "")
    # A link to a row off the leaderboard still shows that row.
    target = next(r for b in boards.values() for r in b.rows if r.rank is None)
    page.goto(page.url.split("#")[0] + f"#{target.anchor}")
    assert page.locator(f"tr#{target.anchor}").is_visible()
