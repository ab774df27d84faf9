"""The leaderboards as the site shows them, from ``rsitr_list.leaderboard``.

The README shows each dataset's top ten; the site shows every result on a dataset
(own, quoted and re-run, baselines included), ranked by the same total order, and
lets the reader narrow it. Which rows count as a dataset's best, and the order of
datasets, are the leaderboard module's choices, reused here unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import leaderboard as lb
from ..catalog import Catalog

# Filter values (the data's terms) and the words readers see for them.
SETTINGS = {"no-vlp": "no vision-language pre-training", "general-vlp": "general-domain VLP (CLIP)",
            "rs-vlp": "remote-sensing VLP", "zero-shot": "zero-shot", "unstated": "not stated"}
KINDS = {"own": "own", "quoted": "quoted", "rerun": "re-run"}


@dataclass(frozen=True)
class Board:
    dataset_id: str
    dataset_name: str
    rows: tuple[lb.Row, ...]  # every result on the dataset, ranked
    best: tuple[lb.Row, ...]  # the head of the README's main board (own or quoted, no baselines)

    @property
    def trend(self) -> tuple[lb.Entry, ...]:
        """Results the chart draws: the main board's candidates (own or quoted, no baselines)."""
        return tuple(r.entry for r in self.rows if r.entry.kind in lb.MAIN_KINDS and not r.entry.baseline)


def boards(catalog: Catalog, best: int = 5) -> list[Board]:
    entries = lb.entries(catalog)
    main = {b.dataset: b for b in lb.leaderboards(catalog, top=best, all_entries=entries)}
    out = []
    for dataset in lb.dataset_order(catalog, (e.dataset for e in entries)):
        rows = lb.ranked(e for e in entries if e.dataset == dataset)
        head = main[dataset].rows if dataset in main else ()
        name = catalog.datasets_by_id[dataset].name if dataset in catalog.datasets_by_id else dataset
        out.append(Board(dataset, name, tuple(rows), tuple(head)))
    return out
