"""Leaderboard selection, order, ties and marks, on small catalogs built in memory."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path, PurePosixPath
from typing import get_args

from rsitr_list.catalog import Catalog
from rsitr_list.core.labels import SETTING_EMOJI, SETTING_MARKS, SETTINGS
from rsitr_list.derive import boards
from rsitr_list.derive.entries import entries
from rsitr_list.models import BenchmarkRegistry, Dataset, Paper, Venue
from rsitr_list.models.result import ResultTable, Setting
from rsitr_list.readme.markdown import markdown_env


def leaderboards(c: Catalog, top: int = boards.TOP) -> list[boards.Leaderboard]:
    return [boards.top(b, top) for b in boards.main_boards(c, entries(c))]


def rerun_boards(c: Catalog) -> list[boards.Leaderboard]:
    return boards.rerun_boards(c, entries(c))


TGRS = Venue(id="tgrs", short="TGRS", name="IEEE Transactions on Geoscience and Remote Sensing", kind="journal")


def paper(pid: str, method: str, year: int = 2023, code: str | None = None) -> Paper:
    return Paper.model_validate(
        {
            "id": pid,
            "title": f"{method}: a method",
            "authors": ["Ann Author"],
            "venue": "tgrs",
            "year": year,
            "category": "closed-domain",
            "method": method,
            "added": dt.date(2024, 1, 2),
            "links": {"paper": f"https://example.org/{pid}", **({"code": code} if code else {})},
        }
    )


def row(
    label: str,
    recalls: tuple,
    mr: float | None = None,
    *,
    dataset: str = "rsitmd",
    kind: str = "own",
    method: str | None = None,
    **extra,
) -> dict:
    names = ("i2t_r1", "i2t_r5", "i2t_r10", "t2i_r1", "t2i_r5", "t2i_r10")
    out = {
        "label": label,
        "method": method or label,
        "dataset": dataset,
        "kind": kind,
        **dict(zip(names, recalls)),
        **extra,
    }
    if mr is not None:
        out["mR"] = mr
    return out


def table(name: str, rows: list[dict], paper_id: str | None = None, **extra) -> ResultTable:
    # Every row needs a setting; tests that are not about settings get one for the whole table.
    extra.setdefault("protocol", {"setting": "no-vlp", "setting_basis": "The table lists unimodal backbones."})
    t = ResultTable.model_validate(
        {
            "source": {
                "paper": paper_id,
                "table": "Table 1",
                "repo": "example/repo",
                "commit": "a" * 40,
                "path": f"{name}.png",
                "url": f"https://example.org/{name}.png",
            },
            "decimals": 2,
            "results": rows,
            **extra,
        }
    )
    t._source = PurePosixPath(f"data/results/{name}.yaml")
    return t


TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def catalog(*tables: ResultTable, papers: tuple[Paper, ...] = ()) -> Catalog:
    c = Catalog(venues={"tgrs": TGRS}, papers=list(papers))
    c.datasets = [
        Dataset.model_validate({"id": d, "name": d.upper(), "added": dt.date(2024, 1, 2)}) for d in ("rsicd", "rsitmd")
    ]
    c.benchmarks = BenchmarkRegistry.model_validate(
        {
            "benchmarks": [
                {"id": f"{d}-retrieval", "dataset": d, "task": "retrieval", "metrics": ["mR"]}
                for d in ("rsicd", "rsitmd")
            ]
        }
    )
    for t in tables:
        c.results.extend(t.results)
    return c


# Six recalls whose mean is exactly the given number (the mean of k, k, k, k, k, k).
def flat(k: float) -> tuple:
    return (k, k, k, k, k, k)


def board(c: Catalog, dataset: str = "rsitmd", **kw):
    return next(b for b in leaderboards(c, **kw) if b.dataset == dataset)


def names(b) -> list[str]:
    return [r.entry.name for r in b.rows]


def test_order_is_by_mr_highest_first() -> None:
    c = catalog(table("t", [row("A", flat(10), 10.0), row("B", flat(30), 30.0), row("C", flat(20), 20.0)]))
    assert names(board(c)) == ["B", "C", "A"]
    assert [r.rank for r in board(c).rows] == [1, 2, 3]


def test_equal_mr_share_a_rank_and_r1_sum_breaks_the_tie() -> None:
    c = catalog(
        table(
            "t",
            [
                row("Low R1", (5, 20, 35, 5, 20, 35), 20.0),  # R@1 sum 10
                row("High R1", (9, 20, 31, 9, 20, 31), 20.0),  # R@1 sum 18, same mean
                row("Top", flat(25), 25.0),
                row("Last", flat(10), 10.0),
            ],
        )
    )
    b = board(c)
    assert names(b) == ["Top", "High R1", "Low R1", "Last"]
    assert [r.rank for r in b.rows] == [1, 2, 2, 4]


def test_full_tie_is_broken_by_name_then_source_so_order_is_total() -> None:
    rows = [row(n, flat(20), 20.0) for n in ("b", "a", "C")]
    c = catalog(table("t", rows))
    assert names(board(c)) == ["a", "b", "C"]
    # Same data in another order, in another catalog: same board.
    shuffled = rows[:]
    random.Random(4).shuffle(shuffled)
    assert names(board(catalog(table("t", shuffled)))) == ["a", "b", "C"]


def test_top_cut_keeps_every_row_tied_on_the_last_rank() -> None:
    rows = [row(f"m{i:02d}", flat(50 - i), 50.0 - i) for i in range(12)]
    rows.append(row("tied", flat(41), 41.0))  # ties with m09 on the tenth rank
    b = board(catalog(table("t", rows)))
    assert [r.rank for r in b.rows] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10]
    assert b.candidates == 13
    assert len(board(catalog(table("t", rows)), top=3).rows) == 3


def test_own_number_beats_a_higher_quoted_number_for_the_same_method() -> None:
    own = table("own", [row("X", flat(20), 20.0, method="X", paper="x-2023")], paper_id="x-2023")
    quoted = table("q", [row("X (quoted)", flat(30), 30.0, method="X", paper="x-2023", kind="quoted")])
    b = board(catalog(own, quoted, papers=(paper("x-2023", "X"),)))
    assert len(b.rows) == 1
    e = b.rows[0].entry
    assert (e.kind, e.mR, e.source.file) == ("own", 20.0, "data/results/own.yaml")
    assert b.rows[0].conflicting  # the quoted 30.0 disagrees, and the board says so


def test_best_quoted_number_stands_in_when_there_is_no_own_one() -> None:
    c = catalog(
        table("q1", [row("KCR", flat(19), 19.0, kind="quoted")]),
        table("q2", [row("KCR", flat(21), 21.0, kind="quoted")]),
        table("q3", [row("KCR", flat(21), 21.0, kind="quoted")]),
    )
    b = board(c)
    assert len(b.rows) == 1
    r = b.rows[0]
    assert (r.entry.kind, r.entry.mR, r.entry.source.file) == ("quoted", 21.0, "data/results/q2.yaml")
    assert r.conflicting


def test_identical_quotes_are_not_a_conflict() -> None:
    c = catalog(
        table("q1", [row("VSE++", flat(19), 19.0, kind="quoted")]),
        table("q2", [row("VSE++", flat(19), 19.0, kind="quoted")]),
    )
    assert not board(c).rows[0].conflicting


def test_variants_are_separate_rows() -> None:
    t = table(
        "t",
        [
            row("AMFMN-soft", flat(16), 16.0, method="AMFMN", variant="soft"),
            row("AMFMN-sim", flat(15), 15.0, method="AMFMN", variant="sim"),
        ],
    )
    assert names(board(catalog(t))) == ["AMFMN soft", "AMFMN sim"]


def test_reruns_and_baselines_stay_off_the_main_board_and_reruns_get_their_own_view() -> None:
    t = table(
        "rr",
        [
            row("Ours", flat(30), 30.0),
            row("Old (re-run)", flat(40), 40.0, method="Old", kind="rerun"),
            row("Ablation", flat(35), 35.0, baseline=True),
        ],
    )
    c = catalog(t)
    assert names(board(c)) == ["Ours"]
    (view,) = rerun_boards(c)
    assert (view.view, view.source.file) == ("rerun", "data/results/rr.yaml")
    assert [(r.rank, r.entry.name, r.entry.kind) for r in view.rows] == [(1, "Old", "rerun"), (2, "Ours", "own")]


def test_tables_without_reruns_have_no_rerun_view() -> None:
    assert rerun_boards(catalog(table("t", [row("A", flat(10), 10.0)]))) == []


def test_missing_mr_is_computed_marked_and_ranked() -> None:
    # HVSA prints rsum, not mR: the board computes the mean and says so.
    c = catalog(
        table("t", [row("HVSA", (7.47, 20.62, 32.11, 5.51, 21.13, 34.13), rsum=120.97), row("Other", flat(20.1), 20.1)])
    )
    b = board(c)
    assert names(b) == ["HVSA", "Other"]
    e = b.rows[0].entry
    assert (e.mR, e.mr_computed, e.mr_printed, e.mr_mismatch) == (20.16, True, None, False)
    assert e.fmt(e.mR) == "20.16"


def test_wrong_printed_mr_is_kept_flagged_and_used_for_the_order() -> None:
    # AMFMN-soft on RSICD prints 16.02 where the mean is 16.16: keep 16.02, flag it.
    c = catalog(
        table(
            "t", [row("AMFMN-soft", (5.05, 14.53, 21.57, 5.05, 19.74, 31.04), 16.02), row("Between", flat(16.1), 16.1)]
        )
    )
    b = board(c)
    assert names(b) == ["Between", "AMFMN-soft"]
    e = b.rows[1].entry
    assert (e.mR, e.mr_mismatch, e.mr_computed) == (16.02, True, False)
    assert round(e.mean_of_six, 4) == 16.1633


def test_rounding_gap_is_not_a_mismatch() -> None:
    # mean 14.8867 printed 14.89
    c = catalog(table("t", [row("VSE0", (4.56, 16.73, 22.94, 4.37, 15.37, 25.35), 14.89)]))
    assert board(c).rows[0].entry.mr_mismatch is False


def test_numbers_are_shown_with_the_source_decimals() -> None:
    c = catalog(table("t", [row("A", (10.0, 27.8, 40.4, 9.0, 30.25, 45.0), 27.08)]))
    e = board(c).rows[0].entry
    assert [e.fmt(v) for v in e.recalls] == ["10.00", "27.80", "40.40", "9.00", "30.25", "45.00"]


def test_entry_carries_paper_venue_code_and_setting() -> None:
    t = table(
        "t",
        [
            row(
                "RemoteCLIP ViT-L-14",
                flat(36),
                36.0,
                method="RemoteCLIP",
                variant="ViT-L-14",
                paper="remoteclip-2024",
                protocol={
                    "setting": "rs-vlp",
                    "setting_basis": "Trained on RET-3+DET-10+SEG-4.",
                    "pretraining": ["RET-3+DET-10+SEG-4"],
                },
            ),
            row(
                "GeoRSCLIP zs",
                flat(28),
                28.0,
                method="GeoRSCLIP",
                protocol={"setting": "zero-shot", "setting_basis": "RS5M weights, no fine-tuning."},
            ),
        ],
        protocol={"setting": "no-vlp", "setting_basis": "Unimodal backbones.", "image_backbone": "ViT-L-14"},
    )
    c = catalog(t, papers=(paper("remoteclip-2024", "RemoteCLIP", 2024, "https://example.org/code"),))
    first, second = (r.entry for r in board(c).rows)
    assert (first.venue_short, first.year, first.paper_url, first.code_url) == (
        "TGRS",
        2024,
        "https://example.org/remoteclip-2024",
        "https://example.org/code",
    )
    assert (first.pretraining, first.image_backbone) == (("RET-3+DET-10+SEG-4",), "ViT-L-14")
    assert (second.venue_short, second.paper_url) == (None, None)
    assert (first.setting, second.setting) == ("rs-vlp", "zero-shot")
    assert (first.setting_basis, second.setting_basis) == (
        "Trained on RET-3+DET-10+SEG-4.",
        "RS5M weights, no fine-tuning.",
    )


def test_every_setting_has_reader_words_and_a_distinct_mark() -> None:
    values = set(get_args(Setting))
    assert set(SETTINGS) == values == set(SETTING_MARKS) == set(SETTING_EMOJI)
    assert len(set(SETTING_MARKS.values())) == len(set(SETTING_EMOJI.values())) == len(values)


def test_each_setting_renders_its_mark_in_the_readme_method_cell() -> None:
    settings = get_args(Setting)
    t = table(
        "t",
        [
            row(s, flat(10 + i), 10.0 + i, protocol={"setting": s, "setting_basis": "words"})
            for i, s in enumerate(settings)
        ],
    )
    cell = markdown_env(TEMPLATES).get_template("readme/result_name.md.j2")
    for r in board(catalog(t)).rows:
        text = cell.render(e=r.entry, row=r, setting_marks=SETTING_EMOJI)
        assert text.strip() == f"{r.entry.method} {SETTING_EMOJI[r.entry.setting]}"


def test_partial_rows_are_listed_but_never_ranked() -> None:
    t = table(
        "t",
        [
            row("A", flat(10), 10.0),
            row("B", flat(8), 8.0),
            {
                "label": "P",
                "method": "P",
                "dataset": "rsitmd",
                "kind": "own",
                "partial": True,
                "mR": 99.0,
                "protocol": {"setting": "unstated", "setting_basis": "abstract"},
            },
        ],
    )
    c = catalog(t)
    all_entries = entries(c)
    assert [e.name for e in all_entries] == ["A", "B", "P"]
    assert names(board(c)) == ["A", "B"]  # not on the main board, though its mR is the highest
    (full,) = boards.full_boards(c, all_entries, boards.main_boards(c, all_entries), 5)
    assert [(r.rank, r.entry.name) for r in full.rows] == [(1, "A"), (2, "B"), (None, "P")]
    assert [e.name for e in full.trend] == ["A", "B"]
    p = all_entries[-1]
    assert (p.partial, p.recalls, p.mean_of_six, p.mR, p.mr_computed) == (True, (None,) * 6, None, 99.0, False)


def test_boards_follow_the_benchmark_order_and_skip_datasets_without_results() -> None:
    c = catalog(table("t", [row("A", flat(10), 10.0, dataset="rsitmd"), row("A", flat(9), 9.0, dataset="rsicd")]))
    assert [b.dataset for b in leaderboards(c)] == ["rsicd", "rsitmd"]
    c2 = catalog(table("t", [row("A", flat(10), 10.0, dataset="rsitmd")]))
    assert [b.dataset for b in leaderboards(c2)] == ["rsitmd"]


def test_entries_are_in_file_then_row_order_whatever_the_catalog_order() -> None:
    a, b = table("a", [row("A1", flat(1), 1.0), row("A2", flat(2), 2.0)]), table("b", [row("B1", flat(3), 3.0)])
    c = catalog(b, a)
    assert [e.id for e in entries(c)] == ["a:0", "a:1", "b:0"]
