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


def _logging(h, answer):
    """Route every request of `h` through `answer(route, n)`, logging (route, status) in order."""
    log: list[tuple[str, int]] = []
    counts: dict[str, int] = {}
    lock = threading.Lock()

    def route(r):
        with lock:
            counts[r.route] = counts.get(r.route, 0) + 1
            n = counts[r.route]
        status, headers = answer(r.route, n)
        with lock:
            log.append((r.route, status))
        time.sleep(0.02)
        r.send(status, "<p>x</p>", headers)

    h.default = route
    return log


def test_one_urls_retry_after_does_not_hold_back_the_others(hosts, make_cfg, tmp_path):
    h = hosts()
    # /0 is told to come back in a second (for itself: no quota header); the rest answer at once.
    log = _logging(h, lambda route, n: (429, {"Retry-After": "1"}) if route == "/0" and n == 1 else (200, {}))
    cfg = make_cfg(per_host_concurrency=1, retries=2)
    report = check_targets(_targets([h.url(f"/{i}") for i in range(4)]), tmp_path, cfg, use_cache=False, env={})
    assert all(i.outcome.verdict is Verdict.OK for i in report.items)
    # The others are served while /0 waits (a host-wide pause would put them after its retry).
    assert log == [("/0", 429), ("/1", 200), ("/2", 200), ("/3", 200), ("/0", 200)], log


def test_several_urls_told_to_wait_at_once_pause_the_host(hosts, make_cfg, tmp_path):
    h = hosts()
    refused_until = {"t": 0.0}
    lock = threading.Lock()

    def answer(route, n):
        # A host-wide limit that does not say so in headers: everything is refused for a
        # second after the first refusal.
        with lock:
            now = time.monotonic()
            if not refused_until["t"]:
                refused_until["t"] = now + 1.0
            limited = now < refused_until["t"]
        return (429, {"Retry-After": "1"}) if limited else (200, {})

    log = _logging(h, answer)
    cfg = make_cfg(per_host_concurrency=1, retries=2)
    report = check_targets(_targets([h.url(f"/{i}") for i in range(12)]), tmp_path, cfg, use_cache=False, env={})
    assert all(i.outcome.verdict is Verdict.OK for i in report.items)
    # Three URLs refused at once make it the host's limit: nobody else asks before it ends
    # (without the pause, each of the twelve would be refused once).
    assert sum(1 for _, status in log if status == 429) == 3, log


def test_a_retry_after_a_timeout_goes_ahead_of_new_checks(hosts, make_cfg, tmp_path):
    h = hosts()
    release = threading.Event()
    log: list[str] = []
    lock = threading.Lock()

    def route(r):
        with lock:
            first_slow = r.route == "/slow" and "/slow" not in log
            log.append(r.route)
        if first_slow:
            release.wait(2)  # longer than the read timeout
        r.send(200, "<p>ok</p>")

    h.default = route
    # Starts 300 ms apart: /slow at 0, /0 at 0.3; /slow times out at 0.5 while /1 already
    # waits for the 0.6 start. The retry takes that start, ahead of /1.
    cfg = make_cfg(per_host_concurrency=2, min_interval="300ms", read_timeout="500ms", retries=1)
    try:
        report = check_targets(
            _targets([h.url("/slow")] + [h.url(f"/{i}") for i in range(3)]), tmp_path, cfg, use_cache=False, env={}
        )
    finally:
        release.set()
    assert all(i.outcome.verdict is Verdict.OK for i in report.items)
    assert log == ["/slow", "/0", "/slow", "/1", "/2"], log


def test_checks_that_timed_out_last_time_start_first(hosts, make_cfg, tmp_path, clock):
    h = hosts()
    slow = {"on": True}
    log: list[str] = []

    def route(r):
        log.append(r.route)
        if r.route == "/9" and slow["on"]:
            time.sleep(0.8)  # longer than the read timeout
        r.send(200, "<p>ok</p>")

    h.default = route
    cfg = make_cfg(per_host_concurrency=1, read_timeout="300ms", retries=0, ttl=0, failure_ttl=0)
    urls = [h.url(f"/{i}") for i in range(10)]
    first = check_targets(_targets(urls), tmp_path, cfg, clock=clock, env={})
    assert log[0] == "/0" and {i.target.url: i.outcome.verdict for i in first.items}[h.url("/9")] is Verdict.TIMEOUT
    log.clear()
    clock.advance(3600)
    check_targets(_targets(urls), tmp_path, cfg, clock=clock, env={})
    assert log[0] == "/9", log  # likely slow again: started before the rest, not after them
