"""Every export, as Outputs from a Derived: what `rsitr-list export` writes and the site publishes."""

from __future__ import annotations

from pathlib import Path

from ..core.write import Output
from ..derive import Derived
from ..models import Category
from . import bibliography, citation, feed, records, results


def render_exports(derived: Derived, out_dir: Path, feed_url: str | None = None) -> list[Output]:
    """results.json/.csv, papers.json, datasets.json, refs.bib, refs-<category>.bib, feed.xml, CITATION.cff."""
    meta = derived.catalog.meta
    if feed_url is None and meta and meta.site_url:
        feed_url = meta.site_url.rstrip("/") + "/exports/" + feed.FEED_NAME
    return [
        *results.render_exports(derived, out_dir),
        Output(out_dir / records.PAPERS_NAME, records.papers_json(derived)),
        Output(out_dir / records.DATASETS_NAME, records.datasets_json(derived)),
        Output(out_dir / bibliography.ALL_NAME, bibliography.refs_bib(derived)),
        *(Output(out_dir / bibliography.category_name(c), bibliography.category_bib(derived, c)) for c in Category),
        Output(out_dir / feed.FEED_NAME, feed.feed_xml(derived, feed_url)),
        Output(out_dir / citation.CITATION_NAME, citation.citation_cff(derived)),
    ]


def citation_output(derived: Derived, root: Path) -> Output:
    """CITATION.cff at the repository root, where GitHub shows "Cite this repository"."""
    return Output(root / citation.CITATION_NAME, citation.citation_cff(derived))
