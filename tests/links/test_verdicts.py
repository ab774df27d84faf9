"""Every verdict, against emulated hosts on loopback."""

from __future__ import annotations

import time

from rsitr_list.links.verdicts import Verdict

from .fakeweb import closed_port, flaky, hang, huge_body


def test_plain_page_is_ok(hosts, checker):
    h = hosts()
    h.route("/page")
    out = checker().check(h.url("/page"))
    assert out.verdict is Verdict.OK, out
    assert [s.method for s in h.seen] == ["HEAD"]  # a HEAD was enough: no body downloaded


def test_404_and_410_are_broken(hosts, checker):
    h = hosts()
    h.route("/gone", status=410)
    c = checker()
    assert c.check(h.url("/missing")).verdict is Verdict.BROKEN
    out = c.check(h.url("/gone"))
    assert out.verdict is Verdict.BROKEN and out.status == 410 and "410" in out.message


def test_permanent_redirect_chain_to_200_suggests_the_final_address(hosts, checker):
    a, b = hosts(), hosts()
    a.route("/old", lambda r: r.redirect(301, a.url("/older")))
    a.route("/older", lambda r: r.redirect(308, b.url("/new")))
    b.route("/new")
    out = checker().check(a.url("/old"))
    assert out.verdict is Verdict.REDIRECTED, out
    assert out.suggestion == b.url("/new")
    assert out.final_url == b.url("/new")


def test_temporary_redirect_to_200_is_ok_without_suggestion(hosts, checker):
    h = hosts()
    h.route("/login", lambda r: r.redirect(302, "/page"))  # relative Location
    h.route("/page")
    out = checker().check(h.url("/login"))
    assert out.verdict is Verdict.OK and out.suggestion is None
    assert out.final_url == h.url("/page")


def test_permanent_then_temporary_suggests_only_the_permanent_part(hosts, checker):
    h = hosts()
    h.route("/a", lambda r: r.redirect(301, h.url("/b")))
    h.route("/b", lambda r: r.redirect(302, h.url("/c")))
    h.route("/c")
    out = checker().check(h.url("/a"))
    assert out.verdict is Verdict.REDIRECTED and out.suggestion == h.url("/b")


def test_redirect_chain_to_404_is_broken(hosts, checker):
    h = hosts()
    h.route("/a", lambda r: r.redirect(301, h.url("/b")))
    h.route("/b", lambda r: r.redirect(302, h.url("/nowhere")))
    out = checker().check(h.url("/a"))
    assert out.verdict is Verdict.BROKEN and out.status == 404
    assert "after 2 redirects" in out.message


def test_redirect_loop_is_broken(hosts, checker):
    h = hosts()
    h.route("/ping", lambda r: r.redirect(302, h.url("/pong")))
    h.route("/pong", lambda r: r.redirect(302, h.url("/ping")))
    out = checker().check(h.url("/ping"))
    assert out.verdict is Verdict.BROKEN and "loop" in out.message
    assert h.requests <= 4  # noticed on the first repeat, not after max_redirects


def test_redirect_to_self_with_a_new_cookie_is_not_a_loop(hosts, checker):
    h = hosts()

    def gate(r):
        if "session=1" in (r.headers.get("Cookie") or ""):
            r.send(200, "<p>in</p>")
        else:
            r.send(302, "", {"Location": h.url("/gate"), "Set-Cookie": "session=1; Path=/"})

    h.route("/gate", gate)
    assert checker().check(h.url("/gate")).verdict is Verdict.OK


def test_too_many_redirects_is_broken(hosts, checker):
    h = hosts()
    h.default = lambda r: r.redirect(302, h.url(f"/n{int(r.route.strip('/n') or 0) + 1}"))
    out = checker(max_redirects=3).check(h.url("/n0"))
    assert out.verdict is Verdict.BROKEN and "too many redirects" in out.message
    assert h.requests == 4


def test_head_405_falls_back_to_get(hosts, checker):
    h = hosts()
    h.route("/page", lambda r: r.send(405) if r.method == "HEAD" else r.send(200, "<p>hi</p>"))
    out = checker().check(h.url("/page"))
    assert out.verdict is Verdict.OK
    assert [s.method for s in h.seen] == ["HEAD", "GET"]


def test_403_to_script_like_agents(hosts, checker):
    h = hosts()

    def picky(r):
        ua = r.headers.get("User-Agent", "")
        r.send(403 if any(bot in ua.lower() for bot in ("python", "curl", "bot", "lychee")) else 200, "<p>x</p>")

    h.route("/paper", picky)
    assert checker().check(h.url("/paper")).verdict is Verdict.OK  # our browser-like agent passes
    blocked = checker(user_agent="python-requests/2.32").check(h.url("/paper"))
    assert blocked.verdict is Verdict.BLOCKED and blocked.status == 403
    host_override = {h.ip: {"user_agent": "curl/8.0", "treat_403_as": "broken"}}
    assert checker(hosts=host_override).check(h.url("/paper")).verdict is Verdict.BROKEN


def test_401_is_blocked_not_broken(hosts, checker):
    h = hosts()
    h.route("/private", status=401)
    out = checker().check(h.url("/private"))
    assert out.verdict is Verdict.BLOCKED and "login" in out.message


def test_challenge_page_is_blocked(hosts, checker):
    h = hosts()
    page = "<html><head><title>Just a moment...</title></head><script src='/cdn-cgi/challenge-platform/x'></script>"
    h.route("/cf", status=503, body=page, headers={"Server": "cloudflare"})
    h.route("/wall", status=403, body=page)  # recognised by its body, read with a GET
    c = checker(retries=0)
    out = c.check(h.url("/cf"))
    assert out.verdict is Verdict.BLOCKED and "Cloudflare" in out.message
    out = c.check(h.url("/wall"))
    assert out.verdict is Verdict.BLOCKED and "Cloudflare challenge" in out.message
    assert [s.method for s in h.seen if s.path == "/wall"] == ["HEAD", "GET"]
    h.route("/cf-head", lambda r: r.send(403, "", {"cf-mitigated": "challenge"}))
    assert c.check(h.url("/cf-head")).verdict is Verdict.BLOCKED


def test_429_with_retry_after_is_honoured(hosts, checker):
    h = hosts()
    times: list[float] = []

    def limited(r):
        times.append(time.monotonic())
        if len(times) == 1:
            r.send(429, "slow down", {"Retry-After": "1"})
        else:
            r.send(200, "<p>ok</p>")

    h.route("/api", limited)
    out = checker(retries=2).check(h.url("/api"))
    assert out.verdict is Verdict.OK
    assert len(times) == 2 and times[1] - times[0] >= 0.95  # waited as asked


def test_429_that_persists_is_blocked(hosts, checker):
    h = hosts()
    h.route("/api", status=429, headers={"Retry-After": "0"})
    out = checker(retries=2).check(h.url("/api"))
    assert out.verdict is Verdict.BLOCKED and out.status == 429
    assert [s.method for s in h.seen].count("HEAD") == 3  # the first try and two retries


def test_retry_after_longer_than_allowed_is_not_waited_for(hosts, checker):
    h = hosts()
    h.route("/api", status=503, headers={"Retry-After": "3600"})
    started = time.monotonic()
    out = checker(retries=3, max_retry_after=1).check(h.url("/api"))
    assert time.monotonic() - started < 1.5
    assert out.verdict is Verdict.BROKEN and out.status == 503


def test_flaky_500_then_200_is_ok_after_a_retry(hosts, checker):
    h = hosts()
    h.route("/flaky", flaky(1, 500))
    out = checker(retries=2).check(h.url("/flaky"))
    assert out.verdict is Verdict.OK
    assert h.requests == 2


def test_500_that_persists_is_broken(hosts, checker):
    h = hosts()
    h.route("/down", status=500)
    out = checker(retries=1).check(h.url("/down"))
    assert out.verdict is Verdict.BROKEN and out.status == 500


def test_hanging_endpoint_times_out(hosts, checker):
    h = hosts()
    h.route("/slow", hang(h))
    started = time.monotonic()
    out = checker(read_timeout=0.3, retries=1).check(h.url("/slow"))
    assert out.verdict is Verdict.TIMEOUT, out
    assert time.monotonic() - started < 2
    assert h.requests == 2  # one retry after the timeout


def test_huge_body_is_not_downloaded(hosts, checker):
    h = hosts()
    h.route("/big", huge_body(h))  # HEAD refused, so a GET must read the start of 50 MB
    out = checker().check(h.url("/big"))
    assert out.verdict is Verdict.OK
    time.sleep(0.2)  # let the server notice the closed connection
    assert h.bytes_sent < 2 * 1024 * 1024, h.bytes_sent


def test_fragment_search_stops_reading_a_huge_page(hosts, checker):
    h = hosts()
    h.route("/big", huge_body(h))
    out = checker(fragment_max_bytes=512 * 1024).check(h.url("/big#nowhere"))
    # Not found in the part read, but the page was not read to the end: not called missing.
    assert out.verdict is Verdict.OK and "not verified" in out.message
    time.sleep(0.2)
    assert h.bytes_sent < 3 * 1024 * 1024, h.bytes_sent


def test_fragment_present_and_absent(hosts, checker):
    h = hosts()
    h.route("/doc", body="<h2 id='intro'>Intro</h2>" + "<p>filler</p>" * 5000 + "<a name='end'>end</a>")
    c = checker()
    assert c.check(h.url("/doc#intro")).verdict is Verdict.OK
    assert c.check(h.url("/doc#end")).verdict is Verdict.OK  # found past the first chunks
    out = c.check(h.url("/doc#methods"))
    assert out.verdict is Verdict.MISSING_FRAGMENT and "#methods" in out.message
    # Fragments that do not name an element are not looked for.
    assert c.check(h.url("/doc#:~:text=filler")).verdict is Verdict.OK


def test_fragment_on_a_non_html_page_is_not_checked(hosts, checker):
    h = hosts()
    h.route("/paper.pdf", body=b"%PDF-1.7", headers={"Content-Type": "application/pdf"})
    out = checker().check(h.url("/paper.pdf#section2"))
    assert out.verdict is Verdict.OK and "not an HTML page" in out.message


def test_closed_port_is_broken_without_retries(checker):
    port = closed_port("127.0.0.1")
    started = time.monotonic()
    out = checker(retries=3, backoff=1).check(f"http://127.0.0.1:{port}/")
    assert out.verdict is Verdict.BROKEN and "refused" in out.message
    assert time.monotonic() - started < 0.5


def test_unresolvable_name_is_broken(checker, fake_dns):
    out = checker(retries=3, backoff=1).check("http://no-such-host.invalid/page")
    assert out.verdict is Verdict.BROKEN and "DNS" in out.message
    assert fake_dns.lookups == ["no-such-host.invalid"]  # asked once, in-process; no retries


def test_names_resolve_through_the_fake_resolver(hosts, checker, fake_dns):
    h = hosts()
    h.route("/page")
    fake_dns.names["papers.example.test"] = h.ip
    assert checker().check(f"http://papers.example.test:{h.port}/page").verdict is Verdict.OK


def test_tls_error_is_broken(hosts, checker):
    h = hosts()  # speaks plain HTTP: a TLS handshake with it fails
    h.route("/page")
    out = checker(retries=2).check(f"https://{h.ip}:{h.port}/page")
    assert out.verdict is Verdict.BROKEN and "TLS" in out.message
    assert h.requests == 0


def test_connection_reset_is_retried(hosts, checker):
    h = hosts()
    calls = {"n": 0}

    def reset_once(r):
        calls["n"] += 1
        if calls["n"] == 1:
            # Hang up without answering, as an overloaded server or middlebox does.
            r.handler.close_connection = True
            r.handler.connection.shutdown(2)
            return
        r.send(200, "<p>ok</p>")

    h.route("/page", reset_once)
    out = checker(retries=2).check(h.url("/page"))
    assert out.verdict is Verdict.OK, out
    assert calls["n"] == 2


def test_head_failure_is_confirmed_with_get_but_an_outage_is_not_asked_twice(hosts, checker):
    h = hosts()
    h.route("/wrong-head", lambda r: r.send(404) if r.method == "HEAD" else r.send(200, "<p>here</p>"))
    h.route("/down", status=503)
    c = checker(retries=1)
    assert c.check(h.url("/wrong-head")).verdict is Verdict.OK
    assert c.check(h.url("/down")).verdict is Verdict.BROKEN
    assert [s.method for s in h.seen if s.path == "/down"] == ["HEAD", "HEAD"]  # a try and a retry, no GET
