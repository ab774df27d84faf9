"""Render README.md from the derived list with templates/README.md.j2."""

from __future__ import annotations

from pathlib import Path

from ..core.labels import RECALL_LABELS, SETTING_EMOJI, SETTINGS
from ..core.write import Output
from ..derive import Derived
from .markdown import markdown_env

TEMPLATE = "README.md.j2"


def render_readme(derived: Derived, templates_dir: Path, dest: Path, site_url: str = "") -> Output:
    catalog = derived.catalog
    env = markdown_env(templates_dir)
    text = env.get_template(TEMPLATE).render(
        meta=catalog.meta,
        site_url=site_url,
        catalog=catalog,
        datasets=derived.datasets,
        origins=derived.origins,
        cells=derived.cells,
        recall_heads=RECALL_LABELS,
        setting_marks=SETTING_EMOJI,
        papers=derived.papers,
        benchmarks=catalog.benchmarks,
        leaderboards=derived.boards,
        reruns=derived.reruns,
        result_sources=derived.result_sources,
        setting_labels=SETTINGS,
        counts={
            "papers": len(catalog.papers),
            "datasets": len(catalog.datasets),
            "results": len(derived.entries),
            "partial": sum(e.partial for e in derived.entries),
            "complete": sum(not e.partial for e in derived.entries),
        },
    )
    return Output(dest, text)
