"""DOIs, verified at the DOI registry's handle API (https://doi.org/api/handles/<doi>).

The registry says whether the DOI exists and where it points, in one small JSON reply,
without touching the publisher's site and its bot walls.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from ..net.fetch import Fetcher, Reply, api_get, api_trouble
from ..verdicts import Outcome, Verdict, Via

# Handle API response codes (https://www.doi.org/the-identifier/resources/factsheets/doi-resolution-documentation).
_FOUND, _NOT_FOUND, _NO_VALUES = 1, 100, 200


def check_doi(api: str, fetcher: Fetcher, doi: str) -> Outcome:
    """`api`: the handle API's base, [tool.rsitr-list.endpoints] doi_api."""
    url = f"{api.rstrip('/')}/{quote(doi, safe='/;:()._-<>[]')}"
    reply = api_get(fetcher, url, {"Accept": "application/json"}, max_bytes=256 * 1024)
    return _judge(doi, reply)


def _judge(doi: str, reply: Reply | Outcome) -> Outcome:
    if isinstance(reply, Outcome):
        return Outcome(reply.verdict, reply.message, reply.status, via=Via.DOI_API, cacheable=reply.cacheable)
    data: dict[str, Any] = {}
    try:
        parsed = json.loads(reply.body.decode("utf-8"))
        data = parsed if isinstance(parsed, dict) else {}
    except (UnicodeDecodeError, ValueError):
        pass
    code = data.get("responseCode")
    if reply.status == 404 or code == _NOT_FOUND:
        return Outcome(
            Verdict.BROKEN, f"DOI {doi} is not registered (handle API: not found)", status=reply.status, via=Via.DOI_API
        )
    if reply.status != 200 or code is None:
        return _api(api_trouble(reply, "DOI handle API"))
    if code == _NO_VALUES:
        return Outcome(
            Verdict.BROKEN, f"DOI {doi} is registered without a target URL", status=reply.status, via=Via.DOI_API
        )
    if code != _FOUND:
        return _api(
            Outcome(Verdict.BLOCKED, f"could not verify: DOI handle API responseCode {code}", status=reply.status)
        )
    target = next(
        (
            v.get("data", {}).get("value")
            for v in data.get("values", [])
            if isinstance(v, dict) and v.get("type") == "URL"
        ),
        None,
    )
    message = f"registered; resolves to {target}" if target else "registered"
    return Outcome(Verdict.OK, message, status=reply.status, final_url=target, via=Via.DOI_API)


def _api(outcome: Outcome) -> Outcome:
    return Outcome(outcome.verdict, outcome.message, outcome.status, via=Via.DOI_API)
