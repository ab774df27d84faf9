"""feed.xml: an Atom feed of the newest additions, for feed readers and Zotero.

Deterministic: entries are ordered by `added` (newest first, then id), ids are URNs of
the record ids (they never change), and the feed's `updated` is the newest `added`
date rather than the build time, so an unchanged list gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

from ..core.views import paper_view, primary_url
from ..derive import Derived

FEED_NAME = "feed.xml"
MAX_ENTRIES = 100


def _when(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def entry_id(paper_id: str) -> str:
    return f"urn:rsitr-list:paper:{paper_id}"


def feed_xml(derived: Derived, feed_url: str | None = None) -> str:
    catalog = derived.catalog
    meta = catalog.meta
    title = meta.title if meta else "rsitr-list"
    papers = sorted(catalog.papers, key=lambda p: (-p.added.toordinal(), p.id))[:MAX_ENTRIES]
    site = meta.site_url if meta else None
    home = site or (meta.repository if meta else None)
    updated = _when(max((p.added for p in catalog.papers), default=dt.date(1970, 1, 1)))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(title)}: newly added papers</title>",
        f"  <id>urn:rsitr-list:feed:{escape(title.lower().replace(' ', '-'))}</id>",
        f"  <updated>{updated}</updated>",
        # Atom needs an author for the feed when an entry could lack one.
        f"  <author><name>{escape(title)}</name></author>",
        '  <generator uri="https://pypi.org/project/rsitr-list/">rsitr-list</generator>',
    ]
    if feed_url:
        lines.append(f'  <link rel="self" type="application/atom+xml" href={quoteattr(feed_url)}/>')
    if home:
        lines.append(f'  <link rel="alternate" type="text/html" href={quoteattr(home)}/>')
    for p in papers:
        view = paper_view(catalog, p)
        when = " ".join(str(v) for v in (view.venue_short, p.year) if v is not None)
        summary = " · ".join(x for x in (p.method, when, p.category.value) if x)
        lines += [
            "  <entry>",
            f"    <id>{entry_id(p.id)}</id>",
            f"    <title>{escape(p.title)}</title>",
            f"    <published>{_when(p.added)}</published>",
            f"    <updated>{_when(p.added)}</updated>",
        ]
        lines += [f"    <author><name>{escape(a)}</name></author>" for a in p.authors or ()]
        url = primary_url(p)
        if url:
            lines.append(f'    <link rel="alternate" href={quoteattr(url)}/>')
        lines += [
            f"    <category term={quoteattr(p.category.value)}/>",
            f"    <summary>{escape(summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
