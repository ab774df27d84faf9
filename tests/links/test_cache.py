"""Results are reused while fresh, and a link is dead only after failing on N runs."""

from __future__ import annotations

import json

from rsitr_list.links.run import check_targets
from rsitr_list.links.targets import Source, Target
from rsitr_list.links.verdicts import Verdict

HOUR = 3600.0


def _targets(urls):
    return [Target(key=u, kind="url", url=u, sources=[Source("data/x.yaml", ("links", "code"))]) for u in urls]


def test_warm_cache_makes_no_request(hosts, make_cfg, tmp_path, clock):
    h = hosts()
    h.route("/ok")
    h.route("/moved", lambda r: r.redirect(301, h.url("/ok")))
    urls = [h.url("/ok"), h.url("/moved"), h.url("/missing")]
    cfg = make_cfg()
    first = check_targets(_targets(urls), tmp_path, cfg, clock=clock, env={})
    sent = h.requests
    assert first.from_cache == 0 and sent > 0
    clock.advance(60)
    second = check_targets(_targets(urls), tmp_path, cfg, clock=clock, env={})
    assert h.requests == sent  # nothing asked of the server
    assert second.requests == 0 and second.from_cache == 3
    assert all(i.from_cache for i in second.items)
    assert [i.outcome for i in second.items] == [i.outcome for i in first.items]


def test_failures_expire_sooner_than_successes(hosts, make_cfg, tmp_path, clock):
    h = hosts()
    h.route("/ok")
    cfg = make_cfg(ttl="7d", failure_ttl="1h")
    urls = [h.url("/ok"), h.url("/missing")]
    check_targets(_targets(urls), tmp_path, cfg, clock=clock, env={})
    clock.advance(2 * HOUR)
    report = check_targets(_targets(urls), tmp_path, cfg, clock=clock, env={})
    by_url = {i.target.url: i for i in report.items}
    assert by_url[h.url("/ok")].from_cache
    assert not by_url[h.url("/missing")].from_cache  # only the failure was checked again
    clock.advance(8 * 24 * HOUR)
    report = check_targets(_targets(urls), tmp_path, cfg, clock=clock, env={})
    assert report.from_cache == 0


def test_dead_only_after_failing_on_n_separate_runs(hosts, make_cfg, tmp_path, clock):
    h = hosts()
    cfg = make_cfg(dead_after_runs=2, failure_ttl="1h")
    url = h.url("/gone")
    first = check_targets(_targets([url]), tmp_path, cfg, clock=clock, env={})
    item = first.items[0]
    assert item.outcome.verdict is Verdict.BROKEN and item.failures == 1 and not item.dead
    assert first.dead == []

    clock.advance(10 * 60)  # a re-run within failure_ttl reuses the result: not a new failing run
    again = check_targets(_targets([url]), tmp_path, cfg, clock=clock, env={})
    assert again.items[0].failures == 1 and not again.items[0].dead

    clock.advance(2 * HOUR)
    second = check_targets(_targets([url]), tmp_path, cfg, clock=clock, env={})
    item = second.items[0]
    assert item.failures == 2 and item.dead
    assert item.first_failure == "2026-05-28"


def test_a_flapping_site_never_reaches_dead(hosts, make_cfg, tmp_path, clock):
    h = hosts()
    state = {"up": False}
    h.route("/flap", lambda r: r.send(200 if state["up"] else 503, "x"))
    cfg = make_cfg(dead_after_runs=2, failure_ttl=0, ttl=0, retries=0)
    url = h.url("/flap")
    runs = []
    for up in (False, True, False, True, False):
        state["up"] = up
        clock.advance(HOUR)
        report = check_targets(_targets([url]), tmp_path, cfg, clock=clock, env={})
        runs.append((report.items[0].outcome.verdict, report.items[0].failures, report.items[0].dead))
    assert [r[1] for r in runs] == [1, 0, 1, 0, 1]
    assert not any(r[2] for r in runs)


def test_blocked_leaves_the_history_alone(hosts, make_cfg, tmp_path, clock):
    h = hosts()
    state = {"status": 404}
    h.route("/x", lambda r: r.send(state["status"], "x"))
    cfg = make_cfg(dead_after_runs=2, failure_ttl=0)
    url = h.url("/x")
    check_targets(_targets([url]), tmp_path, cfg, clock=clock, env={})
    state["status"] = 403
    clock.advance(HOUR)
    blocked = check_targets(_targets([url]), tmp_path, cfg, clock=clock, env={}).items[0]
    assert blocked.outcome.verdict is Verdict.BLOCKED and blocked.failures == 1
    state["status"] = 404
    clock.advance(HOUR)
    assert check_targets(_targets([url]), tmp_path, cfg, clock=clock, env={}).items[0].dead


def test_without_a_cache_a_failure_counts_once(hosts, make_cfg, tmp_path, clock):
    h = hosts()
    url = h.url("/gone")
    assert not check_targets(_targets([url]), tmp_path, make_cfg(), use_cache=False, env={}).items[0].dead
    assert check_targets(_targets([url]), tmp_path, make_cfg(dead_after_runs=1), use_cache=False, env={}).items[0].dead
    assert not (tmp_path / "links.json").exists()


def test_a_damaged_cache_is_ignored_with_a_warning(hosts, make_cfg, tmp_path, clock):
    h = hosts()
    h.route("/ok")
    (tmp_path / "links.json").write_text("{not json")
    report = check_targets(_targets([h.url("/ok")]), tmp_path, make_cfg(), clock=clock, env={})
    assert report.items[0].outcome.verdict is Verdict.OK
    assert any("unreadable link cache" in w for w in report.warnings)
    assert json.loads((tmp_path / "links.json").read_text())["version"] == 1


def test_a_full_run_forgets_links_no_longer_in_the_data(hosts, make_cfg, tmp_path, clock):
    h = hosts()
    h.route("/a")
    h.route("/b")
    cfg = make_cfg()
    check_targets(_targets([h.url("/a"), h.url("/b")]), tmp_path, cfg, clock=clock, env={})
    check_targets(_targets([h.url("/a")]), tmp_path, cfg, clock=clock, env={}, prune=False)
    assert len(json.loads((tmp_path / "links.json").read_text())["entries"]) == 2
    check_targets(_targets([h.url("/a")]), tmp_path, cfg, clock=clock, env={})
    assert list(json.loads((tmp_path / "links.json").read_text())["entries"]) == ["http:" + h.url("/a")]


def test_an_unwritable_cache_is_a_warning_not_an_error(hosts, make_cfg, tmp_path, clock):
    h = hosts()
    h.route("/ok")
    (tmp_path / "blocker").write_text("a file where the cache folder should be")
    cfg = make_cfg(cache=str(tmp_path / "blocker" / "links.json"))
    report = check_targets(_targets([h.url("/ok")]), tmp_path, cfg, clock=clock, env={})
    assert report.items[0].outcome.verdict is Verdict.OK
    assert any("could not write the link cache" in w for w in report.warnings)
