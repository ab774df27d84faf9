"""The site's boards (derive.site) and how the Benchmarks page renders them: ranks from
the main boards, every result present once, partial rows never ranked, printed decimals."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import yaml

from rsitr_list.derive.entries import Entry
from rsitr_list.derive.site import OFF_BOARD, method_options, results_by_paper, row_anchor, site_boards
from rsitr_list.site.build import child_config
from rsitr_list.site.pages import repository_links
from rsitr_list.site.render import footer_html, render_tree

ROOT = Path(__file__).resolve().parent.parent


def test_ranked_rows_are_the_main_boards_with_their_ranks(derived):
    boards = site_boards(derived.full, derived.main, derived.entries)
    main = {b.dataset: b for b in derived.main}
    assert [b.dataset_id for b in boards] == [b.dataset_id for b in derived.full]
    for board in boards:
        assert [(r.entry.id, r.rank, r.conflicting) for r in board.ranked] == [
            (r.entry.id, r.rank, r.conflicting) for r in main[board.dataset_id].rows
        ]
        # Every result on the dataset once, the unranked ones with a reason.
        assert sorted(r.entry.id for r in board.rows) == sorted(
            e.id for e in derived.entries if e.dataset == board.dataset_id
        )
        for r in board.rows:
            assert (r.rank is None) == (r.off_board is not None)
            if r.off_board == "rerun":
                assert r.entry.kind == "rerun" and not r.entry.baseline
            if r.off_board == "baseline":
                assert r.entry.baseline
        assert len({r.anchor for r in board.rows}) == len(board.rows)
        assert {r.off_board for r in board.rows} - {None} <= set(OFF_BOARD)


def test_best_per_setting_and_per_paper_views(derived):
    boards = site_boards(derived.full, derived.main, derived.entries)
    for board in boards:
        best = board.best_per_setting
        assert len({r.setting for r in best}) == len(best)
        assert [r.rank for r in best] == sorted(r.rank for r in best)
        for r in best:
            assert r is next(x for x in board.ranked if x.setting == r.setting)
    per_paper = results_by_paper(boards)
    for paper, items in per_paper.items():
        for item in items:
            assert all(r.entry.paper_id == paper and r.entry.dataset == item.dataset_id for r in item.rows)
            assert list(item.rows) == [*item.ranked, *item.others]
    assert sum(len(i.rows) for items in per_paper.values() for i in items) == sum(
        1 for e in derived.entries if e.paper_id
    )
    ids = [o.id for o in method_options(boards)]
    assert len(ids) == len(set(ids)) and "pir-2023" in ids


def _partial(template: Entry) -> Entry:
    """An mR-only row whose mR beats every complete row."""
    values = {f.name: getattr(template, f.name) for f in dataclasses.fields(Entry)}
    values.update(
        id="probe-abstract:0",
        method="ProbeNet",
        variant=None,
        paper_id=None,
        kind="own",
        baseline=False,
        mR=99.5,
        mr_printed=99.5,
        mr_computed=False,
        mr_mismatch=False,
        mean_of_six=None,
        decimals=2,
        row_index=0,
        std=(),
        partial=True,
        **{k: None for k in ("i2t_r1", "i2t_r5", "i2t_r10", "t2i_r1", "t2i_r5", "t2i_r10")},
    )
    return Entry(**values)


def _board_rows(html: str, dataset: str) -> list[str]:
    start = html.index(f'<section class="rsitr-board-section" data-dataset="{dataset}">')
    section = html[start : html.index("</section>", start)]
    return re.findall(r"<tr id=\"result-.*?</tr>", section, re.S)


def test_partial_rows_show_last_without_rank_and_never_on_the_default_view(derived):
    dataset = derived.main[0].dataset
    template = derived.main[0].rows[0].entry
    partial = _partial(template)
    # Its mR beats every complete row: it must still not be ranked among them.
    board = next(
        b for b in site_boards(derived.full, derived.main, [*derived.entries, partial]) if b.dataset_id == dataset
    )
    (last,) = [r for r in board.rows if r.entry is partial]
    assert last.rank is None and last.off_board == "partial" and last.partial
    assert partial.id not in {r.entry.id for r in board.ranked}
    # After every complete row, among the other partial rows of the data.
    first_partial = min(i for i, r in enumerate(board.rows) if r.entry.partial)
    assert all(not r.entry.partial for r in board.rows[:first_partial])
    assert all(r.entry.partial for r in board.rows[first_partial:])

    tree = render_tree(
        dataclasses.replace(derived, entries=[*derived.entries, partial]), ROOT / "templates", ROOT / "docs"
    )
    rows = _board_rows(tree["benchmarks.md"].decode(), dataset)
    (row,) = [r for r in rows if 'id="result-probe-abstract-0"' in r]
    assert 'id="result-probe-abstract-0"' in row and 'data-board="0"' in row and 'data-partial="1"' in row
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert "Not ranked" in cells[0] and "–" in cells[0]
    assert "<strong>99.50</strong>" in cells[1]
    assert [c for c in cells[3:9]] == ["–"] * 6
    assert "mR only" in row
    assert sum('data-partial="1"' in r for r in rows) == 1 + sum(
        e.partial and e.dataset == dataset for e in derived.entries
    )


def test_numbers_are_rendered_with_the_source_decimals(derived):
    # A two-decimal table that prints 38.00 must not read 38.0.
    e = derived.main[0].rows[0].entry
    two = dataclasses.replace(e, mR=38.0, i2t_r1=12.5, decimals=2, mr_computed=False, mr_mismatch=False)
    entries = [two if x.id == e.id else x for x in derived.entries]
    tree = render_tree(dataclasses.replace(derived, entries=entries), ROOT / "templates", ROOT / "docs")
    row = next(r for r in _board_rows(tree["benchmarks.md"].decode(), e.dataset) if f'"{row_anchor(e)}"' in r)
    assert "<strong>38.00</strong>" in row and ">12.50</td>" in row


def test_the_footer_links_the_repository_and_its_pull_requests_only_when_known(derived, tmp_path):
    assert repository_links(None) == () and repository_links("") == ()
    gh = repository_links("https://github.com/owner/repo/")
    assert [(link.label, link.url) for link in gh] == [
        ("Source repository", "https://github.com/owner/repo"),
        ("Pull requests", "https://github.com/owner/repo/pulls"),
    ]
    assert [link.label for link in repository_links("https://gitlab.com/o/r")] == ["Source repository"]

    meta = derived.meta.model_copy(update={"repository": 'https://github.com/o/r"><script>x</script>'})
    catalog = dataclasses.replace(derived.catalog, meta=meta)
    footer = footer_html(dataclasses.replace(derived, catalog=catalog))
    assert footer is not None and "<script>" not in footer and "&lt;script&gt;" in footer
    config = child_config(ROOT / "mkdocs.yml", tmp_path, footer=footer)
    assert yaml.safe_load(config)["copyright"] == footer
    if not derived.meta.repository:
        assert footer_html(derived) is None
        assert "copyright" not in child_config(ROOT / "mkdocs.yml", tmp_path, footer=footer_html(derived))
