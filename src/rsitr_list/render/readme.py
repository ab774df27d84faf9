"""Render README.md from the catalog with templates/README.md.j2."""

from __future__ import annotations

from pathlib import Path

from .. import leaderboard
from ..catalog import Catalog
from . import views
from .templates import markdown_env
from .write import Output

TEMPLATE = "README.md.j2"


def render_readme(catalog: Catalog, templates_dir: Path, dest: Path) -> Output:
    env = markdown_env(templates_dir)
    text = env.get_template(TEMPLATE).render(
        meta=catalog.meta,
        catalog=catalog,
        datasets=views.datasets_in_order(catalog),
        papers=views.papers_by_category(catalog),
        benchmarks=catalog.benchmarks,
        leaderboards=leaderboard.leaderboards(catalog),
        reruns=leaderboard.rerun_boards(catalog),
        result_sources=len({id(r.table) for r in catalog.results}),
        counts={"papers": len(catalog.papers), "datasets": len(catalog.datasets),
                "results": len(catalog.results)},
    )
    return Output(dest, text)
