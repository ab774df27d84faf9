"""The run's findings as text (terminal), Markdown (a GitHub issue) and JSON.

Every format lists each problem at each place the link is written, as
`path:line field`, in a stable order, so two runs with the same findings print the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ...core.escape import md_link, md_text
from ..cache import iso_date
from ..findings import Item, LinkReport
from ..targets import Source, TargetKind
from ..verdicts import ORDER, Verdict

JSON_VERSION = 1


def _runs(n: int) -> str:
    return f"{n} run{'s' * (n != 1)}"


def _detail(item: Item, report: LinkReport) -> str:
    text = f"{item.outcome.verdict}: {item.outcome.message}"
    if item.failures and item.outcome.verdict is not Verdict.OK and item.target.kind is not TargetKind.INTERNAL:
        if item.dead:
            text += f"; failing since {item.first_failure} ({_runs(item.failures)})"
        else:
            text += (
                f"; failing since {item.first_failure} "
                f"({item.failures} of {report.dead_after_runs} failing runs needed to call it dead)"
            )
    if item.outcome.suggestion:
        text += f"\n      suggestion: write {item.outcome.suggestion}"
    return text


def sections(report: LinkReport) -> Iterator[tuple[str, str, list[Item]]]:
    """(id, title, items) of each non-empty section, worst first."""
    dead = report.dead
    failing = [i for i in report.items if not i.dead and i.outcome.verdict in report.fail_on]
    blocked = [i for i in report.items if i.outcome.verdict is Verdict.BLOCKED]
    redirected = [i for i in report.items if i.outcome.verdict is Verdict.REDIRECTED]
    archived = [i for i in report.items if i.outcome.archived]
    skipped = [i for i in report.items if i.outcome.verdict is Verdict.SKIPPED]
    n = report.dead_after_runs
    for key, title, items in (
        ("dead", f"Dead links (failing on {_runs(n)} or more; fix or retire them)" if n > 1 else "Dead links", dead),
        ("failing", f"Failing, not dead yet (dead after {_runs(n)})", failing),
        ("blocked", "Blocked: the site refused a script, check by hand", blocked),
        ("redirected", "Redirected permanently: update the record", redirected),
        ("archived", "Archived repositories (read-only upstream)", archived),
        ("skipped", "Not checked", skipped),
    ):
        if items:
            yield key, title, items


def _pairs(items: list[Item]) -> list[tuple[Source, Item]]:
    return sorted(((s, i) for i in items for s in i.target.sources), key=lambda p: (p[0].sort_key(), p[1].target.key))


def summary_counts(report: LinkReport) -> list[tuple[str, int, int]]:
    return [(v.value, report.count(v), sum(1 for i in report.dead if i.outcome.verdict is v)) for v in ORDER]


def text(report: LinkReport, verbose: bool = False) -> str:
    out = [
        (
            f"Checked {len(report.items)} links: {report.checks} checks, {report.from_cache} from cache, "
            f"{report.requests} requests in {report.elapsed:.2f} s"
        ),
        "",
    ]
    out.append(f"  {'verdict':<18}{'links':>6}{'dead':>6}")
    for name, count, dead in summary_counts(report):
        out.append(f"  {name:<18}{count:>6}{dead or '':>6}")
    for key, title, items in sections(report):
        if key == "skipped" and not verbose:
            out += [
                "",
                (
                    f"{len(items)} links not checked (excluded, recorded as dead, or past the deadline);"
                    " --verbose lists them."
                ),
            ]
            continue
        out += ["", title + ":"]
        for source, item in _pairs(items):
            out.append(f"  {source.where()}  {item.target.url}")
            out.append(f"      {_detail(item, report)}")
    for warning in report.warnings:
        out += ["", f"warning: {warning}"]
    n_dead = len(report.dead)
    out += ["", f"{n_dead} dead link{'s' * (n_dead != 1)}." if n_dead else "No dead links."]
    return "\n".join(out) + "\n"


def markdown(report: LinkReport) -> str:
    n_dead = len(report.dead)
    date = iso_date(report.started_at)
    out = [
        f"# Link check {date}: " + (f"{n_dead} dead link{'s' * (n_dead != 1)}" if n_dead else "no dead links"),
        "",
        (
            f"Checked {len(report.items)} links ({report.from_cache} of {report.checks} checks from the cache). "
            f"A link is dead after failing on {_runs(report.dead_after_runs)}."
        ),
        "",
        "| Verdict | Links | Dead |",
        "| ------- | ----: | ---: |",
    ]
    for name, count, dead in summary_counts(report):
        out.append(f"| {name} | {count} | {dead or ''} |")
    for _key, title, items in sections(report):
        out += ["", f"## {md_text(title)}", "", "| Where | Link | Problem |", "| ----- | ---- | ------- |"]
        for source, item in _pairs(items):
            problem: str = md_text(f"{item.outcome.verdict}: {item.outcome.message}")
            if item.failures and item.first_failure:
                problem += md_text(f" (failing since {item.first_failure}, {_runs(item.failures)})")
            if item.outcome.suggestion:
                problem += " → write " + md_link(item.outcome.suggestion, item.outcome.suggestion)
            link = (
                md_link(item.target.url, item.target.url)
                if item.target.kind is not TargetKind.INTERNAL
                else md_text(item.target.url)
            )
            out.append(f"| `{source.where()}` | {link} | {problem} |")
    for warning in report.warnings:
        out += ["", f"> {md_text('warning: ' + warning)}"]
    return "\n".join(out) + "\n"


def to_json(report: LinkReport) -> str:
    links = []
    for item in sorted(report.items, key=Item.sort_key):
        links.append(
            {
                "link": item.target.key,
                "kind": item.target.kind.value,
                "url": item.target.url,
                "check": item.check_key or None,
                **item.outcome.to_json(),
                "dead": item.dead,
                "failures": item.failures,
                "first_failure": item.first_failure,
                "from_cache": item.from_cache,
                "sources": [
                    {"path": s.path, "line": s.line or None, "field": s.field or None, "record": s.record}
                    for s in item.target.sources
                ],
            }
        )
    payload = {
        "version": JSON_VERSION,
        "date": iso_date(report.started_at),
        "dead_after_runs": report.dead_after_runs,
        "summary": {name: count for name, count, _ in summary_counts(report)} | {"dead": len(report.dead)},
        "warnings": report.warnings,
        "links": links,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
