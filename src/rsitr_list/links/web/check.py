"""The verdict on one URL: follow redirects hop by hop (each hop waits its host's turn),
HEAD first and GET where HEAD is refused or fails, then judge the final answer."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit

from requests.cookies import RequestsCookieJar

from ..config import LinkSettings
from ..net.fetch import Fetcher, Reply, Want
from ..net.status import REDIRECTS, RETRY_STATUSES, phrase
from ..verdicts import Outcome, Verdict
from . import challenge
from .anchors import AnchorScanner, checkable

PERMANENT = frozenset({301, 308})
# Answers to HEAD that are worth asking again with GET: refusals of the method (405, 501,
# 403), and failures, since some servers answer HEAD wrongly (a 404 for a page that
# exists). Not what was already retried (429, 5xx outages): that would double the load.
_HEAD_RETRY_WITH_GET = frozenset(range(400, 600)) - RETRY_STATUSES


class UrlChecker:
    def __init__(self, cfg: LinkSettings, fetcher: Fetcher):
        self.cfg = cfg
        self.fetcher = fetcher

    def check(self, url: str) -> Outcome:
        cfg = self.cfg
        base, fragment = urldefrag(url)
        scan = cfg.check_fragments and checkable(fragment)
        github = (urlsplit(url).hostname or "") in cfg.github_hosts
        jar = RequestsCookieJar()
        current = base
        seen = {(base, "")}
        hops: list[tuple[int, str]] = []
        moved_to: str | None = None  # where the leading run of permanent redirects ends
        only_permanent = True
        for _ in range(cfg.max_redirects + 1):
            reply = self._fetch(current, jar, fragment if scan else None, github)
            if isinstance(reply, Outcome):
                return self._after_hops(reply, hops)
            if reply.status in REDIRECTS and reply.location:
                nxt = urldefrag(urljoin(current, reply.location))[0]
                if reply.status in PERMANENT and only_permanent:
                    moved_to = nxt
                else:
                    only_permanent = False
                hops.append((reply.status, nxt))
                # A hop back to a seen address with the same cookies can never end; with a new
                # cookie it may (sites that set a session cookie and redirect to themselves).
                state = (nxt, ";".join(sorted(f"{c.name}={c.value}" for c in jar)))
                if state in seen:
                    return Outcome(Verdict.BROKEN, "redirect loop: " + _chain(base, hops), status=reply.status)
                seen.add(state)
                current = nxt
                continue
            return self._judge(url, fragment if scan else None, reply, hops, moved_to)
        return Outcome(
            Verdict.BROKEN, f"too many redirects (more than {cfg.max_redirects}): " + _chain(base, hops[:4]) + " ..."
        )

    def _fetch(self, url: str, jar: RequestsCookieJar, fragment: str | None, github: bool) -> Reply | Outcome:
        cfg = self.cfg
        get_want = Want(head_bytes=cfg.head_bytes)
        if fragment is not None:
            get_want = Want(
                head_bytes=cfg.head_bytes, scan=AnchorScanner(fragment, github).feed, max_bytes=cfg.fragment_max_bytes
            )
        else:
            reply = self.fetcher.request("HEAD", url, Want(), jar=jar)
            if isinstance(reply, Outcome) or reply.status not in _HEAD_RETRY_WITH_GET:
                return reply
        return self.fetcher.request("GET", url, get_want, jar=jar)

    def _judge(
        self, url: str, fragment: str | None, reply: Reply, hops: list[tuple[int, str]], moved_to: str | None
    ) -> Outcome:
        cfg = self.cfg
        status = reply.status
        final = reply.url
        wall = challenge.detect(status, reply.headers, reply.body)
        if wall:
            return Outcome(Verdict.BLOCKED, f"{wall} ({phrase(status)})", status=status, final_url=final)
        if status in cfg.accept:
            note = ""
            if fragment is not None:
                if not reply.is_html:
                    note = "; fragment not checked (not an HTML page)"
                elif not reply.readable:
                    encoding = reply.headers.get("content-encoding", "")
                    note = f"; fragment not checked (the page came as {encoding!r}, which was not asked for)"
                elif reply.fragment_found is False:
                    if reply.complete:
                        return Outcome(
                            Verdict.MISSING_FRAGMENT,
                            f"no element with id '#{fragment}' on the page",
                            status=status,
                            final_url=final,
                            suggestion=_with_fragment(moved_to, fragment),
                        )
                    note = f"; fragment not verified (not in the first {cfg.fragment_max_bytes:,} bytes)"
            if moved_to:
                target = _with_fragment(moved_to, fragment) or moved_to
                return Outcome(
                    Verdict.REDIRECTED,
                    f"permanent redirect ({hops[0][0]}) to {target}{note}",
                    status=status,
                    final_url=final,
                    suggestion=target,
                )
            if hops:
                note = f"; temporary redirect to {final}" + note
            return Outcome(Verdict.OK, (phrase(status) + note), status=status, final_url=final)
        text = phrase(status) + (f" at {final} after {len(hops)} redirect{'s' * (len(hops) > 1)}" if hops else "")
        if status in (401, 407):
            return Outcome(Verdict.BLOCKED, f"{text} (login required)", status=status, final_url=final)
        if status == 403:
            treat = cfg.host(urlsplit(final).hostname or "").treat_403_as or "blocked"
            verdict = {"blocked": Verdict.BLOCKED, "broken": Verdict.BROKEN, "ok": Verdict.OK}[treat]
            return Outcome(
                verdict,
                f"{text} (forbidden to scripts)" if treat == "blocked" else text,
                status=status,
                final_url=final,
            )
        if status == 429:
            return Outcome(
                Verdict.BLOCKED,
                f"{text}: still rate limited after {reply.attempts} attempts",
                status=status,
                final_url=final,
            )
        if status in (418, 451, 999):
            return Outcome(Verdict.BLOCKED, text, status=status, final_url=final)
        if status in REDIRECTS:
            return Outcome(Verdict.BROKEN, f"{text} without a Location header", status=status, final_url=final)
        if status >= 500 and reply.attempts > 1:
            text += f" ({reply.attempts} attempts)"
        return Outcome(Verdict.BROKEN, text, status=status, final_url=final)

    @staticmethod
    def _after_hops(outcome: Outcome, hops: list[tuple[int, str]]) -> Outcome:
        if not hops or outcome.verdict is Verdict.SKIPPED:
            return outcome
        after = f"{len(hops)} redirect{'s' * (len(hops) > 1)}"
        return Outcome(
            outcome.verdict,
            f"{outcome.message} at {hops[-1][1]} (after {after})",
            status=outcome.status,
            final_url=hops[-1][1],
            cacheable=outcome.cacheable,
        )


def _with_fragment(url: str | None, fragment: str | None) -> str | None:
    if url is None:
        return None
    return f"{url}#{fragment}" if fragment else url


def _chain(start: str, hops: list[tuple[int, str]]) -> str:
    return " → ".join([start] + [f"({status}) {url}" for status, url in hops])
