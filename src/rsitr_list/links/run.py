"""One link-checking run: collect the links, reuse fresh results, check the rest
politely, remember what was found, and hand back a report (no printing here)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping
from urllib.parse import urlsplit

import requests

from ..catalog import Catalog
from ..core.escape import md_url
from . import extract, internal, lines
from .arxiv import check_arxiv
from .cache import Entry, LinkCache
from .check import UrlChecker
from .config import LinkSettings
from .doi import check_doi
from .fetch import Fetcher, make_session
from .github import GitHubClient
from .identifiers import Check, plan
from .progress import Progress
from .ratelimit import Deadline, Limiter
from .schedule import Job, run_jobs
from .targets import Target
from .verdicts import Outcome, Verdict


@dataclass
class Item:
    """A link as written, with what was found about it."""

    target: Target
    outcome: Outcome
    check_key: str = ""
    failures: int = 0
    first_failure: str | None = None
    from_cache: bool = False
    dead: bool = False

    def sort_key(self) -> tuple:
        first = min((s.sort_key() for s in self.target.sources), default=("", 0, ""))
        return (*first, self.target.key)


@dataclass
class LinkReport:
    items: list[Item]
    started_at: float
    elapsed: float = 0.0
    checks: int = 0
    from_cache: int = 0
    requests: int = 0
    bytes_read: int = 0
    hosts: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    dead_after_runs: int = 2
    fail_on: frozenset[Verdict] = frozenset()

    @property
    def dead(self) -> list[Item]:
        return [i for i in self.items if i.dead]

    def count(self, verdict: Verdict) -> int:
        return sum(1 for i in self.items if i.outcome.verdict is verdict)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def check_links(catalog: Catalog, root: Path, cfg: LinkSettings, *, readme: str | None = "README.md",
                site_dir: str | None = None, only_paths: set[str] | None = None, **options) -> LinkReport:
    """Check every link of the catalog's records, plus the README's and site's internal links."""
    targets, known_dead = extract.from_catalog(catalog)
    if only_paths is not None:
        targets = _only(targets, only_paths)
        known_dead = _only(known_dead, only_paths)
    items = [Item(t, Outcome(Verdict.SKIPPED, "recorded as dead in the data; not checked", via="config"))
             for t in known_dead]
    if cfg.internal:
        _internal(cfg, root, readme, site_dir, catalog, targets + known_dead, targets, items, only_paths)
    return check_targets(targets, root, cfg, items=items, prune=only_paths is None, **options)


def check_targets(targets: list[Target], root: Path, cfg: LinkSettings, *, items: list[Item] | None = None,
                  prune: bool = True, use_cache: bool = True, clock: Callable[[], float] = time.time,
                  session: requests.Session | None = None, progress: bool = False,
                  env: Mapping[str, str] | None = None, all_lines: bool = False) -> LinkReport:
    """Check these targets on the network (unless `external` is off) and judge every item.

    `prune` forgets cached links that are not among the targets (a full run's privilege).
    """
    started = time.monotonic()
    env = os.environ if env is None else env
    report = LinkReport(items=list(items or []), started_at=clock(), dead_after_runs=cfg.dead_after_runs,
                        fail_on=cfg.fail_on)
    if cfg.external:
        _external(cfg, root, targets, report, prune, use_cache, clock, session, progress, env)
    for item in report.items:
        if item.outcome.verdict in cfg.fail_on:
            item.dead = item.target.kind == "internal" or item.failures >= cfg.dead_after_runs
    lines.fill([i.target for i in report.items if all_lines or i.outcome.verdict is not Verdict.OK], root)
    report.items.sort(key=Item.sort_key)
    report.elapsed = time.monotonic() - started
    return report


def _only(targets: list[Target], paths: set[str]) -> list[Target]:
    out = []
    for t in targets:
        kept = [s for s in t.sources if s.path in paths]
        if kept:
            t.sources = kept
            out.append(t)
    return out


def _internal(cfg: LinkSettings, root: Path, readme: str | None, site_dir: str | None, catalog: Catalog,
              from_data: list[Target], targets: list[Target], items: list[Item], only_paths: set[str] | None) -> None:
    problems: list[internal.Problem] = []
    if readme:
        found, external = internal.check_readme(root, readme)
        problems += found
        if only_paths is None:
            # Links the template writes itself; links from the data are already targets.
            known = {t.url for t in from_data} | {str(md_url(t.url)) for t in from_data}
            extra: dict[str, Target] = {}
            for link in external:
                if link.url not in known:
                    extra.setdefault(link.url, Target(key=link.url, kind="url", url=link.url)).sources.append(link.source)
            targets.extend(extra.values())
    if site_dir:
        site_url = catalog.meta.site_url if catalog.meta else None
        problems += internal.check_site(root, site_dir, site_url)
    for p in problems:
        target = Target(key=f"{p.source.path}:{p.source.line}:{p.link}", kind="internal", url=p.link,
                        sources=[p.source])
        items.append(Item(target, Outcome(Verdict(p.verdict), p.message, via="offline"), failures=1))


def _external(cfg: LinkSettings, root: Path, targets: list[Target], report: LinkReport,
              prune: bool, use_cache: bool, clock: Callable[[], float],
              session: requests.Session | None, progress: bool, env: Mapping[str, str]) -> None:
    items = report.items
    token = (env.get(cfg.github_token_env) or "").strip() or None
    excludes = cfg.compiled_excludes()
    checks: dict[str, Check] = {}
    planned: list[tuple[Target, str]] = []
    for t in targets:
        pattern = next((p for p in excludes if p.search(t.url) or p.search(t.key)), None)
        if pattern is not None:
            items.append(Item(t, Outcome(Verdict.SKIPPED, f"excluded by pattern {pattern.pattern!r}", via="config")))
            continue
        check = plan(t, cfg, token)
        checks.setdefault(check.key, check)
        planned.append((t, check.key))

    cache = LinkCache(root / cfg.cache if (use_cache and cfg.cache) else None, clock, cfg.fail_on)
    if cache.warning:
        report.warnings.append(cache.warning)
    results: dict[str, tuple[Entry, bool]] = {}
    todo: list[Check] = []
    for key, check in checks.items():
        entry = cache.fresh(key, cfg.ttl, cfg.failure_ttl)
        if entry is not None:
            results[key] = (entry, True)
        else:
            todo.append(check)
    report.checks = len(checks)
    report.from_cache = len(checks) - len(todo)

    if todo:
        deadline = Deadline(cfg.deadline)

        def host_limits(host: str) -> tuple[int, float]:
            hs = cfg.host(host)
            return (hs.concurrency or cfg.per_host_concurrency,
                    hs.interval if hs.interval is not None else cfg.min_interval)

        limiter = Limiter(cfg.max_concurrency, host_limits, deadline)
        own_session = session is None
        session = session or make_session(cfg)
        fetcher = Fetcher(cfg, limiter, session)
        urls = UrlChecker(cfg, fetcher)
        github = GitHubClient(cfg, fetcher, token, urls.check) if token else None
        bar = Progress(len(todo), progress)

        def on_done(done: list[tuple[str, Outcome]]) -> None:
            for key, outcome in done:
                results[key] = (cache.record(key, outcome), False)
            bar.advance(len(done))

        try:
            run_jobs(_jobs(cfg, todo, urls, github, fetcher), cfg.max_concurrency,
                     lambda h: host_limits(h)[0], deadline, on_done)
        finally:
            bar.close()
            if own_session:
                session.close()
        report.requests = fetcher.counters.requests
        report.bytes_read = fetcher.counters.bytes
        report.hosts = limiter.stats()
        if github is not None and github.disabled_reason:
            report.warnings.append(f"{github.disabled_reason}: GitHub links were checked as plain pages")

    try:
        cache.save(keep=set(checks) if prune else None)
    except OSError as e:  # a read-only checkout still gets its report, only without memory
        report.warnings.append(f"could not write the link cache {cache.path}: {e.strerror or e}")
    for t, key in planned:
        entry, from_cache = results[key]
        items.append(Item(t, entry.outcome, key, entry.failures, entry.first_failure, from_cache))


def _jobs(cfg: LinkSettings, todo: list[Check], urls: UrlChecker, github: GitHubClient | None,
          fetcher: Fetcher) -> list[Job[list[tuple[str, Outcome]]]]:
    def skipped(keys: list[str]) -> Callable[[], list[tuple[str, Outcome]]]:
        outcome = Outcome(Verdict.SKIPPED, "not checked: the run's deadline was reached", cacheable=False)
        return lambda: [(k, outcome) for k in keys]

    jobs: list[Job[list[tuple[str, Outcome]]]] = []
    arxiv: list[Check] = []
    for c in todo:
        if c.method == "arxiv":
            arxiv.append(c)
        elif c.method == "doi":
            jobs.append(Job(_host(cfg.doi_api), lambda c=c: [(c.key, check_doi(cfg, fetcher, c.value))],
                            skipped([c.key])))
        elif c.method == "github" and github is not None:
            jobs.append(Job(_host(cfg.github_api), lambda c=c: [(c.key, github.check(c.value, c.url))],
                            skipped([c.key])))
        else:
            jobs.append(Job(_host(c.url), lambda c=c: [(c.key, urls.check(c.url))], skipped([c.key])))
    size = cfg.arxiv_batch_size
    for i in range(0, len(arxiv), size):
        batch = arxiv[i:i + size]

        def run(batch: list[Check] = batch) -> list[tuple[str, Outcome]]:
            found = check_arxiv(cfg, fetcher, [c.value for c in batch])
            return [(c.key, found[c.value]) for c in batch]

        jobs.append(Job(_host(cfg.arxiv_api), run, skipped([c.key for c in batch])))
    return jobs
