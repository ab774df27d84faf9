"""Render README.md from the derived list with templates/README.md.j2."""

from __future__ import annotations

from pathlib import Path

from ..core.labels import RECALL_LABELS
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
        papers=derived.papers,
        benchmarks=catalog.benchmarks,
        leaderboards=derived.boards,
        reruns=derived.reruns,
        result_sources=derived.result_sources,
        counts={"papers": len(catalog.papers), "datasets": len(catalog.datasets),
                "results": len(derived.entries)},
    )
    return Output(dest, text)
