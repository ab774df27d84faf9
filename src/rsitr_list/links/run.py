"""One link-checking run as four steps, each a function that returns its result:

    plan    what to verify for each link, and which links are excluded   (plan.py)
    reuse   which checks the cache still answers                         (cache.py)
    fetch   the rest, politely, on the network                           (net/, web/, ids/)
    judge   each link's item: outcome, failure history, dead or not

`check_links` adds what comes before (the records' links, the README's and site's
offline checks); nothing here prints.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import requests

from ..catalog import Catalog
from ..core.escape import md_url
from ..settings import Endpoints, Settings
from . import extract, internal
from .cache import Entry, LinkCache
from .config import LinkSettings
from .findings import Item, LinkReport
from .ids.arxiv import check_arxiv
from .ids.doi import check_doi
from .ids.github import GitHubClient
from .lines import with_lines
from .net.fetch import Fetcher
from .net.ratelimit import Deadline, Limiter
from .net.schedule import Job, run_jobs
from .net.session import make_session
from .plan import Check, Method, Plan, plan
from .report.progress import Progress
from .targets import Source, Target, TargetKind
from .verdicts import DEADLINE_SKIP, Outcome, Verdict, Via
from .web.check import UrlChecker

RECORDED_DEAD = Outcome(Verdict.SKIPPED, "recorded as dead in the data; not checked", via=Via.CONFIG)

Results = list[tuple[str, Outcome]]


def check_links(
    catalog: Catalog,
    settings: Settings,
    *,
    only_paths: set[str] | None = None,
    use_cache: bool = True,
    clock: Callable[[], float] = time.time,
    session: requests.Session | None = None,
    progress: bool = False,
    env: Mapping[str, str] | None = None,
    all_lines: bool = False,
) -> LinkReport:
    """Check every link of the catalog's records (only those written in `only_paths`, if
    given), plus the README's and site's internal links."""
    found = extract.from_catalog(catalog)
    if only_paths is not None:
        found = found.only(only_paths)
    items = [Item(t, RECORDED_DEAD) for t in found.dead]
    targets = found.live
    if settings.links.internal:
        offline = check_offline(settings, catalog, found.live + found.dead, full=only_paths is None)
        items += offline.items
        targets = targets + offline.readme_links
    return check_targets(
        targets,
        settings.root,
        settings.links,
        endpoints=settings.endpoints,
        items=items,
        prune=only_paths is None,
        use_cache=use_cache,
        clock=clock,
        session=session,
        progress=progress,
        env=env,
        all_lines=all_lines,
    )


class Offline(NamedTuple):
    items: list[Item]  # problems with README and site links, judged on disk
    readme_links: list[Target]  # external links the README template writes itself, to check online


def check_offline(settings: Settings, catalog: Catalog, from_data: list[Target], full: bool) -> Offline:
    problems: list[internal.Problem] = []
    readme_links: list[Target] = []
    if settings.readme:
        found, external = internal.check_readme(settings.root, settings.readme)
        problems += found
        if full:
            # Links the template writes itself; links from the data are already targets.
            known = {t.url for t in from_data} | {str(md_url(t.url)) for t in from_data}
            places: dict[str, list[Source]] = {}
            for link in external:
                if link.url not in known:
                    places.setdefault(link.url, []).append(link.source)
            readme_links = [Target(url, TargetKind.URL, url, tuple(sources)) for url, sources in places.items()]
    if settings.site_dir:
        site_url = catalog.meta.site_url if catalog.meta else None
        problems += internal.check_site(settings.root, settings.site_dir, site_url)
    items = [
        Item(
            Target(f"{p.source.path}:{p.source.line}:{p.link}", TargetKind.INTERNAL, p.link, (p.source,)),
            Outcome(p.verdict, p.message, via=Via.OFFLINE),
            failures=1,
        )
        for p in problems
    ]
    return Offline(items, readme_links)


def check_targets(
    targets: list[Target],
    root: Path,
    cfg: LinkSettings,
    *,
    endpoints: Endpoints | None = None,
    items: Iterable[Item] = (),
    prune: bool = True,
    use_cache: bool = True,
    clock: Callable[[], float] = time.time,
    session: requests.Session | None = None,
    progress: bool = False,
    env: Mapping[str, str] | None = None,
    all_lines: bool = False,
) -> LinkReport:
    """Check these targets on the network (unless `external` is off) and judge every item.

    `prune` forgets cached links that are not among the targets (a full run's privilege).
    """
    started = time.monotonic()
    started_at = clock()
    env = os.environ if env is None else env
    found = list(items)
    fetched = Fetched()
    checks = from_cache = 0
    warnings: list[str] = []
    if cfg.external:
        token = (env.get(cfg.github_token_env) or "").strip() or None
        planned = plan(targets, cfg, token)
        cache = LinkCache(cfg.cache_file(root) if use_cache else None, clock, cfg.fail_on)
        warnings += [cache.warning] if cache.warning else []
        fresh, todo = reuse(cache, planned, cfg)
        fetched = fetch(todo, cfg, endpoints or Endpoints(), token, session=session, progress=progress)
        warnings += fetched.warnings
        recorded = {key: cache.record(key, outcome) for key, outcome in fetched.outcomes.items()}
        try:
            cache.save(keep=set(planned.checks) if prune else None)
        except OSError as e:  # a read-only checkout still gets its report, only without memory
            warnings.append(f"could not write the link cache {cache.path}: {e.strerror or e}")
        found += judge_checked(planned, fresh, recorded)
        checks, from_cache = len(planned.checks), len(fresh)
    judged = [judge_dead(i, cfg) for i in found]
    return LinkReport(
        items=sorted(_with_lines(judged, root, all_lines), key=Item.sort_key),
        started_at=started_at,
        elapsed=time.monotonic() - started,
        checks=checks,
        from_cache=from_cache,
        requests=fetched.requests,
        bytes_read=fetched.bytes_read,
        hosts=fetched.hosts,
        warnings=warnings,
        dead_after_runs=cfg.dead_after_runs,
        fail_on=cfg.fail_on,
    )


def reuse(cache: LinkCache, planned: Plan, cfg: LinkSettings) -> tuple[dict[str, Entry], list[Check]]:
    """(fresh cached results by check key, the checks still to make). Checks that timed out
    last time come first: a slow chain that starts early overlaps the rest of the sweep."""
    fresh: dict[str, Entry] = {}
    todo: list[Check] = []
    for key, check in planned.checks.items():
        entry = cache.fresh(key, cfg.ttl, cfg.failure_ttl)
        if entry is not None:
            fresh[key] = entry
        else:
            todo.append(check)
    todo.sort(key=lambda c: not cache.timed_out_last(c.key))
    return fresh, todo


@dataclass(frozen=True)
class Fetched:
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    requests: int = 0
    bytes_read: int = 0
    hosts: dict[str, dict[str, int]] = field(default_factory=dict)  # requests, max_in_flight
    warnings: tuple[str, ...] = ()


def fetch(
    todo: list[Check],
    cfg: LinkSettings,
    endpoints: Endpoints,
    token: str | None,
    *,
    session: requests.Session | None = None,
    progress: bool = False,
) -> Fetched:
    """Make these checks on the network, within the run's deadline and every host's limits."""
    if not todo:
        return Fetched()
    limiter = Limiter(cfg.max_concurrency, cfg.limits, Deadline(cfg.deadline))
    own_session = session is None
    session = session or make_session(cfg)
    fetcher = Fetcher(cfg, limiter, session)
    urls = UrlChecker(cfg, fetcher)
    github = GitHubClient(endpoints.github_api, fetcher, token, urls.check) if token else None
    bar = Progress(len(todo), progress)
    outcomes: dict[str, Outcome] = {}

    def done(results: Results) -> None:
        outcomes.update(results)
        bar.advance(len(results))

    try:
        # Twice the request limit in workers: a check waiting out a Retry-After holds a
        # worker but no request slot, and the limiter, not the pool, caps what is in flight.
        run_jobs(_jobs(cfg, endpoints, todo, urls, github, fetcher), 2 * cfg.max_concurrency, limiter, done)
    finally:
        bar.close()
        if own_session:
            session.close()
    warnings: tuple[str, ...] = ()
    if github is not None and github.disabled_reason:
        warnings = (f"{github.disabled_reason}: GitHub links were checked as plain pages",)
    return Fetched(outcomes, fetcher.counters.requests, fetcher.counters.bytes, limiter.stats(), warnings)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _jobs(
    cfg: LinkSettings,
    endpoints: Endpoints,
    todo: list[Check],
    urls: UrlChecker,
    github: GitHubClient | None,
    fetcher: Fetcher,
) -> list[Job[Results]]:
    def skipped(keys: list[str]) -> Callable[[], Results]:
        return lambda: [(k, DEADLINE_SKIP) for k in keys]

    def one(check: Check) -> Job[Results]:
        if check.method is Method.DOI:
            return Job(
                _host(endpoints.doi_api),
                lambda: [(check.key, check_doi(endpoints.doi_api, fetcher, check.value))],
                skipped([check.key]),
            )
        if check.method is Method.GITHUB and github is not None:
            return Job(
                _host(endpoints.github_api),
                lambda: [(check.key, github.check(check.value, check.url))],
                skipped([check.key]),
            )
        return Job(_host(check.url), lambda: [(check.key, urls.check(check.url))], skipped([check.key]))

    def batch(checks: list[Check]) -> Job[Results]:
        def run() -> Results:
            found = check_arxiv(endpoints.arxiv_api, fetcher, [c.value for c in checks])
            return [(c.key, found[c.value]) for c in checks]

        return Job(_host(endpoints.arxiv_api), run, skipped([c.key for c in checks]))

    arxiv = [c for c in todo if c.method is Method.ARXIV]
    size = cfg.arxiv_batch_size
    return [one(c) for c in todo if c.method is not Method.ARXIV] + [
        batch(arxiv[i : i + size]) for i in range(0, len(arxiv), size)
    ]


def judge_checked(planned: Plan, fresh: dict[str, Entry], recorded: dict[str, Entry]) -> list[Item]:
    """An item for every planned link: excluded, answered from the cache, or just checked."""
    items = [
        Item(t, Outcome(Verdict.SKIPPED, f"excluded by pattern {pattern!r}", via=Via.CONFIG))
        for t, pattern in planned.excluded
    ]
    for target, key in planned.links:
        entry, cached = (fresh[key], True) if key in fresh else (recorded[key], False)
        items.append(Item(target, entry.outcome, key, entry.failures, entry.first_failure, cached))
    return items


def judge_dead(item: Item, cfg: LinkSettings) -> Item:
    """Dead: failing, and for long enough (offline problems are deterministic: at once)."""
    if item.outcome.verdict not in cfg.fail_on:
        return item
    return replace(item, dead=item.target.kind is TargetKind.INTERNAL or item.failures >= cfg.dead_after_runs)


def _with_lines(items: list[Item], root: Path, all_lines: bool) -> list[Item]:
    """Line numbers for the links reported (for all of them with `all_lines`, for the JSON)."""
    shown = [i for i in items if all_lines or i.outcome.verdict is not Verdict.OK]
    located = dict(zip((id(i) for i in shown), with_lines([i.target for i in shown], root), strict=True))
    return [replace(i, target=located[id(i)]) if id(i) in located else i for i in items]
