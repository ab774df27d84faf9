"""arXiv ids, verified through arXiv's API, many ids per request.

The API answers an Atom feed with one entry per id it knows; an unknown id is simply
absent, and a malformed one turns the whole reply into an error entry (or HTTP 400),
in which case the ids are asked one at a time to find the culprit.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

from ...core.urls import arxiv_url
from ..net.fetch import Fetcher, Reply, api_get, api_trouble
from ..verdicts import Outcome, Verdict, Via

ATOM = "{http://www.w3.org/2005/Atom}"
_ENTRY_ID = re.compile(r"/abs/(.+?)(?:v(\d+))?$")
_VERSION = re.compile(r"^(.+?)(?:v(\d+))?$")


class _ApiError(Exception):
    """The feed is an error report (a malformed id in the list)."""


def _parse(body: bytes) -> dict[str, int]:
    """{id without version: latest version} of every real entry in the feed."""
    root = ET.fromstring(body)
    found: dict[str, int] = {}
    for entry in root.iter(f"{ATOM}entry"):
        ident = (entry.findtext(f"{ATOM}id") or "").strip()
        title = (entry.findtext(f"{ATOM}title") or "").strip()
        if "/api/errors" in ident:
            raise _ApiError((entry.findtext(f"{ATOM}summary") or title or "error").strip())
        m = _ENTRY_ID.search(ident)
        if m and title and entry.find(f"{ATOM}published") is not None:
            found[m.group(1)] = max(found.get(m.group(1), 0), int(m.group(2) or 1))
    return found


def check_arxiv(api: str, fetcher: Fetcher, ids: list[str]) -> dict[str, Outcome]:
    """`api`: arXiv's query API, [tool.rsitr-list.endpoints] arxiv_api."""
    url = f"{api}?id_list={quote(','.join(ids), safe=',/')}&max_results={len(ids)}"
    reply = api_get(fetcher, url, {"Accept": "application/atom+xml"})
    if isinstance(reply, Outcome):
        return {
            i: Outcome(reply.verdict, reply.message, reply.status, via=Via.ARXIV_API, cacheable=reply.cacheable)
            for i in ids
        }
    try:
        if reply.status == 400:
            raise _ApiError(_error_summary(reply))
        if reply.status != 200:
            trouble = api_trouble(reply, "arXiv API")
            return {i: Outcome(trouble.verdict, trouble.message, trouble.status, via=Via.ARXIV_API) for i in ids}
        found = _parse(reply.body)
    except _ApiError as e:
        if len(ids) > 1:
            out: dict[str, Outcome] = {}
            for ident in ids:
                out.update(check_arxiv(api, fetcher, [ident]))
            return out
        return {ids[0]: Outcome(Verdict.BROKEN, f"arXiv rejects the id: {e}", reply.status, via=Via.ARXIV_API)}
    except ET.ParseError:
        return {
            i: Outcome(
                Verdict.BLOCKED,
                "could not verify: the arXiv API answered something other than a feed",
                reply.status,
                via=Via.ARXIV_API,
            )
            for i in ids
        }
    return {i: _judge(i, found, reply) for i in ids}


def _judge(ident: str, found: dict[str, int], reply: Reply) -> Outcome:
    m = _VERSION.match(ident)
    base, version = (m.group(1), int(m.group(2)) if m.group(2) else None) if m else (ident, None)
    latest = found.get(base)
    if latest is None:
        return Outcome(Verdict.BROKEN, f"arXiv has no paper {ident}", reply.status, via=Via.ARXIV_API)
    if version is not None and version > latest:
        return Outcome(Verdict.BROKEN, f"arXiv has {base} only up to v{latest}", reply.status, via=Via.ARXIV_API)
    return Outcome(
        Verdict.OK, f"on arXiv (latest v{latest})", reply.status, final_url=arxiv_url(ident), via=Via.ARXIV_API
    )


def _error_summary(reply: Reply) -> str:
    try:
        _parse(reply.body)
    except _ApiError as e:
        return str(e)
    except ET.ParseError:
        pass
    return "HTTP 400 Bad Request"
