"""Limits hold under load: per host, globally, between request starts, and across a
host-wide pause; one URL's Retry-After holds back that URL only; the run's deadline
ends it on time."""

from __future__ import annotations

import threading
import time

from rsitr_list.links.run import check_targets
from rsitr_list.links.targets import Source, Target
from rsitr_list.links.verdicts import Verdict

from .fakeweb import hang


def _targets(urls):
    return [Target(key=u, kind="url", url=u, sources=[Source("data/x.yaml", ("links", "paper"))]) for u in urls]


def test_per_host_limit_holds(hosts, make_cfg, tmp_path):
    many = [hosts(latency=0.05) for _ in range(4)]
    urls = [h.url(f"/p{i}") for h in many for i in range(24)]
    for h in many:
        h.default = lambda r: r.send(200, "<p>ok</p>")
    cfg = make_cfg(max_concurrency=16, per_host_concurrency=3)  # the global limit does not bind here
    report = check_targets(_targets(urls), tmp_path, cfg, use_cache=False, env={})
    assert all(i.outcome.verdict is Verdict.OK for i in report.items)
    assert [h.max_in_flight for h in many] == [3, 3, 3, 3]  # reached, never passed
    assert report.hosts[many[0].ip] == {"requests": 24, "max_in_flight": 3}


def test_global_limit_holds(hosts, make_cfg, tmp_path):
    many = [hosts(latency=0.05) for _ in range(4)]
    urls = [h.url(f"/p{i}") for h in many for i in range(12)]
    for h in many:
        h.default = lambda r: r.send(200, "<p>ok</p>")
    cfg = make_cfg(max_concurrency=5, per_host_concurrency=3)  # 4 hosts x 3 would be 12
    check_targets(_targets(urls), tmp_path, cfg, use_cache=False, env={})
    assert hosts.gauge.max == 5
    assert max(h.max_in_flight for h in many) <= 3


def test_per_host_override_lowers_the_limit(hosts, make_cfg, tmp_path):
    slow, fast = hosts(latency=0.03), hosts(latency=0.03)
    for h in (slow, fast):
        h.default = lambda r: r.send(200, "<p>ok</p>")
    urls = [slow.url(f"/{i}") for i in range(12)] + [fast.url(f"/{i}") for i in range(12)]
    cfg = make_cfg(per_host_concurrency=4, hosts={slow.ip: {"concurrency": 1}})
    check_targets(_targets(urls), tmp_path, cfg, use_cache=False, env={})
    assert slow.max_in_flight == 1 and fast.max_in_flight == 4


def test_minimum_interval_between_requests_to_one_host(hosts, make_cfg, tmp_path):
    h = hosts()
    starts: list[float] = []
    lock = threading.Lock()

    def record(r):
        with lock:
            starts.append(time.monotonic())
        r.send(200, "<p>ok</p>")
    h.default = record
    cfg = make_cfg(per_host_concurrency=4, min_interval="100ms")
    check_targets(_targets([h.url(f"/{i}") for i in range(6)]), tmp_path, cfg, use_cache=False, env={})
    # Starts are reserved 100 ms apart; what the server sees may jitter by thread scheduling.
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert len(starts) == 6 and starts[-1] - starts[0] >= 0.49 and min(gaps) >= 0.06, gaps


def test_a_host_wide_limit_pauses_the_whole_host(hosts, make_cfg, tmp_path):
    h = hosts()
    log: list[tuple[str, float]] = []
    lock = threading.Lock()
    first = {"done": False}

    def route(r):
        with lock:
            log.append((r.route, time.monotonic()))
            limited = r.route == "/0" and not first["done"]
            first["done"] = first["done"] or limited
        if limited:
            # The quota header makes it the host's limit, not this URL's.
            r.send(429, "slow down", {"Retry-After": "1", "X-RateLimit-Remaining": "0"})
        else:
            time.sleep(0.05)
            r.send(200, "<p>ok</p>")
    h.default = route
    cfg = make_cfg(per_host_concurrency=1, retries=2)
    report = check_targets(_targets([h.url(f"/{i}") for i in range(4)]), tmp_path, cfg, use_cache=False, env={})
    assert all(i.outcome.verdict is Verdict.OK for i in report.items)
    refused_at = log[0][1]
    assert log[0][0] == "/0"
    assert all(t - refused_at >= 0.95 for _, t in log[1:]), log  # nobody jumped the pause


def test_deadline_ends_the_run_and_leaves_the_rest_unchecked(hosts, make_cfg, tmp_path):
    h = hosts()
    h.default = hang(h)
    cfg = make_cfg(deadline="600ms", read_timeout="5s", per_host_concurrency=2, retries=0)
    started = time.monotonic()
    report = check_targets(_targets([h.url(f"/{i}") for i in range(10)]), tmp_path, cfg, env={})
    assert time.monotonic() - started < 2.5
    verdicts = [i.outcome.verdict for i in report.items]
    assert verdicts == [Verdict.SKIPPED] * 10  # the two in flight too: their timeout was the deadline's
    # What the deadline cut short is not remembered as the link's fault.
    import json
    assert json.loads((tmp_path / "links.json").read_text())["entries"] == {}
