"""The benchmark results as JSON and CSV, one row per result, with provenance.

Both files are pure functions of the catalog: no dates, no absolute paths, a fixed
row and key order, so the same data always gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..core.write import Output
from ..derive import Derived, Entry, Leaderboard
from ..models.result import RECALLS

JSON_NAME = "results.json"
CSV_NAME = "results.csv"
FORMAT_VERSION = 2  # 2: partial rows, setting_basis, mR_misprint; five settings
_STD_FIELDS = (*RECALLS, "mR")

CSV_COLUMNS = (
    "id",
    "dataset",
    "method",
    "variant",
    "label",
    "paper_id",
    "venue",
    "year",
    "kind",
    "baseline",
    "partial",
    "setting",
    "setting_basis",
    "pretraining",
    "split",
    "image_backbone",
    "text_backbone",
    *RECALLS,
    "mR",
    "mR_printed",
    "mR_computed",
    "mR_mismatch",
    "mR_misprint",
    "mean_of_six",
    "rsum",
    *(f"std_{k}" for k in _STD_FIELDS),
    "source_label",
    "source_table",
    "source_repo",
    "source_commit",
    "source_path",
    "source_url",
    "source_file",
    "note",
)


def _mean(e: Entry) -> float | None:
    # Our own arithmetic, not the source's: four decimals are enough to show a mismatch.
    return None if e.mean_of_six is None else round(e.mean_of_six, 4)


def entry_record(e: Entry) -> dict:
    """One result as plain JSON values, numbers as stored (a float that round-trips)."""
    return {
        "id": e.id,
        "dataset": e.dataset,
        "method": e.method,
        "variant": e.variant,
        "label": e.label,
        "paper_id": e.paper_id,
        "paper_title": e.paper_title,
        "paper_url": e.paper_url,
        "code_url": e.code_url,
        "venue": e.venue_short,
        "year": e.year,
        "kind": e.kind,
        "baseline": e.baseline,
        "partial": e.partial,
        "protocol": {
            "setting": e.setting,
            "setting_basis": e.setting_basis,
            "pretraining": list(e.pretraining),
            "split": e.split,
            "image_backbone": e.image_backbone,
            "text_backbone": e.text_backbone,
        },
        "recalls": {k: getattr(e, k) for k in RECALLS},
        "mR": e.mR,
        "mR_printed": e.mr_printed,
        "mR_computed": e.mr_computed,
        "mR_mismatch": e.mr_mismatch,
        "mR_misprint": e.mr_misprint,
        "mean_of_six": _mean(e),
        "rsum": e.rsum,
        "std": dict(e.std) or None,
        "decimals": e.decimals,
        "note": e.note,
        "source": {
            "label": e.source.label,
            "paper_id": e.source.paper_id,
            "table": e.source.table,
            "repo": e.source.repo,
            "commit": e.source.commit,
            "path": e.source.path,
            "url": e.source.url,
            "file": e.source.file,
            "row": e.row_index,
        },
    }


def board_record(board: Leaderboard) -> dict:
    return {
        "dataset": board.dataset,
        "view": board.view,
        "source": board.source.file if board.source else None,
        "candidates": board.candidates,
        "rows": [{"rank": r.rank, "result": r.entry.id, "conflicting": r.conflicting} for r in board.rows],
    }


def results_json(derived: Derived) -> str:
    boards = derived.boards + derived.reruns
    doc = {
        "format": "rsitr-list results",
        "version": FORMAT_VERSION,
        "results": [entry_record(e) for e in derived.entries],
        "leaderboards": [board_record(b) for b in boards],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _csv_row(e: Entry) -> list[str]:
    std = dict(e.std)
    fmt = e.fmt
    return [
        e.id,
        e.dataset,
        e.method,
        e.variant or "",
        e.label,
        e.paper_id or "",
        e.venue_short or "",
        str(e.year or ""),
        e.kind,
        _flag(e.baseline),
        _flag(e.partial),
        e.setting or "",
        e.setting_basis or "",
        "; ".join(e.pretraining),
        e.split or "",
        e.image_backbone or "",
        e.text_backbone or "",
        *(fmt(getattr(e, k)) for k in RECALLS),
        fmt(e.mR),
        fmt(e.mr_printed),
        _flag(e.mr_computed),
        _flag(e.mr_mismatch),
        _flag(e.mr_misprint),
        "" if e.mean_of_six is None else f"{e.mean_of_six:.4f}",
        fmt(e.rsum),
        *(fmt(std.get(k)) for k in _STD_FIELDS),
        e.source.label,
        e.source.table,
        e.source.repo or "",
        e.source.commit or "",
        e.source.path or "",
        e.source.url,
        e.source.file,
        e.note or "",
    ]


def _flag(value: bool) -> str:
    return "true" if value else "false"


def results_csv(derived: Derived) -> str:
    """Numbers with the source's decimals where the table states them (RRSITR: 45.00), else as stored."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in derived.entries:
        writer.writerow(_csv_row(e))
    return buf.getvalue()


def render_exports(derived: Derived, out_dir: Path) -> list[Output]:
    return [Output(out_dir / JSON_NAME, results_json(derived)), Output(out_dir / CSV_NAME, results_csv(derived))]
