"""Servers that misbehave on purpose. Whatever a stranger's server sends, a run ends within
its deadline, reads a bounded number of bytes into bounded memory, and gives a sensible
verdict. The verdict each case must give, and why, is in each test's docstring."""

from __future__ import annotations

import gzip
import time
import tracemalloc
from collections.abc import Callable, Iterator

import pytest

from rsitr_list.links.findings import Item
from rsitr_list.links.run import check_targets
from rsitr_list.links.targets import Source, Target
from rsitr_list.links.verdicts import Verdict

from .hostile import Conn, RawHost

PAGE_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"


@pytest.fixture
def raw_host() -> Iterator[Callable[[Callable[[Conn], None]], RawHost]]:
    made: list[RawHost] = []

    def make(handler: Callable[[Conn], None]) -> RawHost:
        host = RawHost(f"127.0.0.{100 + len(made)}", handler)
        made.append(host)
        return host

    yield make
    for h in made:
        h.close()


def _check(url: str, tmp_path, make_cfg, **settings) -> Item:
    """One full run (scheduler, limiter, retries) over one link; it must end by its deadline."""
    cfg = make_cfg(**settings)
    started = time.monotonic()
    report = check_targets(
        [Target(url, "url", url, [Source("data/x.yaml", ("links", "paper"))])], tmp_path, cfg, use_cache=False, env={}
    )
    assert time.monotonic() - started < cfg.deadline + 1
    return report.items[0]


def test_redirects_forever_through_new_urls_stop_at_the_cap(hosts, tmp_path, make_cfg):
    """Verdict: broken, "too many redirects": the chain never ends, so it never arrives."""
    h = hosts()
    h.default = lambda r: r.redirect(302, h.url(f"/hop/{len(h.seen)}"))  # a new address every time
    item = _check(h.url("/start"), tmp_path, make_cfg, max_redirects=10)
    assert item.outcome.verdict is Verdict.BROKEN and "too many redirects" in item.outcome.message
    assert h.requests == 11  # the first request and ten hops, then it stops asking


def test_status_line_trickled_a_byte_a_second_is_cut_off(raw_host, tmp_path, make_cfg):
    """Verdict: timeout: no complete answer within request_timeout, though every read
    brings a byte well within the read timeout."""

    def trickle(conn: Conn) -> None:
        conn.read_request()
        conn.trickle(PAGE_HEAD + b"Content-Length: 2\r\n\r\nok", every=1.0)

    h = raw_host(trickle)
    item = _check(h.url("/slow"), tmp_path, make_cfg, read_timeout="3s", request_timeout="2s", retries=0, deadline="8s")
    assert item.outcome.verdict is Verdict.TIMEOUT and "within 2 s" in item.outcome.message
    time.sleep(0.3)  # the server notices the hang-up on its next byte
    assert h.bytes_sent <= 4  # about one byte a second for two seconds, then the client hung up


def test_body_trickled_a_byte_a_second_is_cut_off(raw_host, tmp_path, make_cfg):
    """Verdict: ok, fragment not verified: the page answered 200; the part of it that came
    within request_timeout did not hold the anchor, and the rest never came."""

    def trickle(conn: Conn) -> None:
        conn.read_request()
        conn.send(PAGE_HEAD + b"Content-Length: 100000\r\n\r\n")
        conn.trickle(b"<p>" * 33333, every=1.0)

    h = raw_host(trickle)
    item = _check(
        h.url("/slow#methods"), tmp_path, make_cfg, read_timeout="3s", request_timeout="2s", retries=0, deadline="8s"
    )
    assert item.outcome.verdict is Verdict.OK and "not verified" in item.outcome.message
    time.sleep(0.3)
    assert h.bytes_sent < 200


def test_gzip_bomb_is_decoded_only_as_far_as_the_cap(hosts, tmp_path, make_cfg):
    """Verdict: ok, fragment not verified: 256 MiB of zeros in 250 KiB of gzip; reading
    stops at fragment_max_bytes of decoded text, in bounded memory."""
    bomb = gzip.compress(b"\0" * (256 * 1024 * 1024), compresslevel=9)
    h = hosts()
    h.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"})
    tracemalloc.start()
    try:
        item = _check(h.url("/bomb#intro"), tmp_path, make_cfg, fragment_max_bytes="1MiB")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert item.outcome.verdict is Verdict.OK and "not verified" in item.outcome.message
    assert peak < 16 * 1024 * 1024, peak  # far below what the bomb expands to


def test_invalid_status_line_is_broken(raw_host, tmp_path, make_cfg):
    """Verdict: broken, "did not answer in HTTP": asked again once on a fresh connection (a
    stale keep-alive connection can look the same), then given up on."""

    def garbage(conn: Conn) -> None:
        conn.read_request()
        conn.send(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")

    h = raw_host(garbage)
    item = _check(h.url("/"), tmp_path, make_cfg, retries=1)
    assert item.outcome.verdict is Verdict.BROKEN and "did not answer in HTTP" in item.outcome.message
    assert h.connections == 2


@pytest.mark.parametrize(
    "headers",
    [
        b"X-Big: " + b"a" * (1024 * 1024) + b"\r\n",  # one header line of 1 MB
        b"".join(b"X-Many-%d: %s\r\n" % (i, b"b" * 90) for i in range(10_000)),  # 1 MB in 10,000 lines
    ],
    ids=["one-line", "many-lines"],
)
def test_a_megabyte_of_headers_is_refused_early(raw_host, tmp_path, make_cfg, headers):
    """Verdict: broken, "headers too large": http.client stops at a 64 KiB line or at 100
    header lines, so the client reads a small part of the megabyte."""

    def big(conn: Conn) -> None:
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\n" + headers + b"Content-Length: 0\r\n\r\n")

    h = raw_host(big)
    item = _check(h.url("/"), tmp_path, make_cfg, retries=2)
    assert item.outcome.verdict is Verdict.BROKEN and "headers too large" in item.outcome.message
    assert h.connections == 1  # not worth asking again


def test_reset_mid_body_keeps_the_status(raw_host, tmp_path, make_cfg):
    """Verdict: ok, fragment not verified: the page answered 200, then the connection was
    reset; an unfinished body is not a missing anchor."""

    def reset(conn: Conn) -> None:
        conn.read_request()
        conn.send(PAGE_HEAD + b"Content-Length: 100000\r\n\r\n" + b"<p>x</p>" * 100)
        time.sleep(0.1)
        conn.reset()

    h = raw_host(reset)
    item = _check(h.url("/page#methods"), tmp_path, make_cfg)
    assert item.outcome.verdict is Verdict.OK and "not verified" in item.outcome.message


def test_a_server_that_accepts_and_never_reads_times_out(raw_host, tmp_path, make_cfg):
    """Verdict: timeout after every attempt; each attempt ends at the read timeout."""
    h = raw_host(lambda conn: conn.wait_for_client_to_leave())
    item = _check(h.url("/"), tmp_path, make_cfg, read_timeout="300ms", retries=1, deadline="5s")
    assert item.outcome.verdict is Verdict.TIMEOUT and "2 attempts" in item.outcome.message
    assert h.connections == 2


def test_an_endless_chunked_body_is_read_only_up_to_the_cap(raw_host, tmp_path, make_cfg):
    """Verdict: ok, fragment not verified: chunks keep coming; reading stops at
    fragment_max_bytes, and the server manages to send little more than that."""

    def endless(conn: Conn) -> None:
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"400\r\n" + b"<p>endless</p>".ljust(1024, b" ") + b"\r\n"
        while conn.live and conn.send(chunk):
            pass

    h = raw_host(endless)
    item = _check(h.url("/feed#end"), tmp_path, make_cfg, fragment_max_bytes="256KiB")
    assert item.outcome.verdict is Verdict.OK and "not verified" in item.outcome.message
    time.sleep(0.3)
    assert h.bytes_sent < 3 * 1024 * 1024, h.bytes_sent


def test_a_content_length_shorter_than_the_body_does_not_spoil_the_next_request(raw_host, tmp_path, make_cfg):
    """Verdicts: ok for both links. The server says 5 bytes and sends more, even after a
    HEAD; the leftovers must not be read as the next answer on a reused connection."""

    def short(conn: Conn) -> None:
        while conn.live:
            head = conn.read_request()
            if not head:
                return
            conn.send(PAGE_HEAD + b"Content-Length: 5\r\n\r\n" + b"<p>a longer page than it says</p>")

    h = raw_host(short)
    cfg = make_cfg(per_host_concurrency=1)
    urls = [h.url("/one"), h.url("/two"), h.url("/three")]
    report = check_targets(
        [Target(u, "url", u, [Source("data/x.yaml", ("links", "paper"))]) for u in urls],
        tmp_path,
        cfg,
        use_cache=False,
        env={},
    )
    assert [i.outcome.verdict for i in report.items] == [Verdict.OK] * 3, [i.outcome for i in report.items]


def test_a_content_length_longer_than_the_body_ends_at_the_read_timeout(raw_host, tmp_path, make_cfg):
    """Verdict: ok, fragment not verified: 200 and 100 bytes of a promised 100,000, then
    silence with the connection open; the read timeout ends the wait."""

    def long(conn: Conn) -> None:
        conn.read_request()
        conn.send(PAGE_HEAD + b"Content-Length: 100000\r\n\r\n" + b"<p>short</p>".ljust(100))
        conn.wait_for_client_to_leave()

    h = raw_host(long)
    item = _check(h.url("/page#methods"), tmp_path, make_cfg, read_timeout="300ms", deadline="5s")
    assert item.outcome.verdict is Verdict.OK and "not verified" in item.outcome.message
