"""Every paper and dataset as JSON (papers.json, datasets.json), for other tools.

Each record carries every field of its model (unset ones as null or []), so a reader
can rely on the keys; `format` and `version` say which layout a file has.
"""

from __future__ import annotations

import json
from typing import Any

from ..core.views import primary_url
from ..derive import Derived
from ..derive.bibtex import cite_keys

PAPERS_NAME = "papers.json"
DATASETS_NAME = "datasets.json"
FORMAT_VERSION = 1


def _dump(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def papers_json(derived: Derived) -> str:
    catalog = derived.catalog
    keys = cite_keys(catalog.papers)
    papers = []
    for p in sorted(catalog.papers, key=lambda p: p.id):
        venue = catalog.venue_of(p)
        record = p.model_dump(mode="json", by_alias=True)
        record["venue"] = {
            "id": p.venue,
            "short": venue.short if venue else None,
            "name": venue.name if venue else None,
            "kind": venue.kind if venue else None,
        }
        record["cite_key"] = keys[p.id]
        record["url"] = primary_url(p)
        papers.append(record)
    return _dump({"format": "rsitr-list papers", "version": FORMAT_VERSION, "papers": papers})


def datasets_json(derived: Derived) -> str:
    datasets = []
    for d in derived.datasets:
        record = d.model_dump(mode="json", by_alias=True)
        origin = derived.origins.get(d.id)
        record["introduced_in"] = (
            {"title": origin.label, "paper_id": origin.paper_id, "year": origin.year} if origin else None
        )
        datasets.append(record)
    return _dump({"format": "rsitr-list datasets", "version": FORMAT_VERSION, "datasets": datasets})
