"""Emulated web hosts for the link-checker tests: one ThreadingHTTPServer per loopback
address (127.0.0.2, 127.0.0.3, ...), each recording what it was asked and how many
requests it had in flight at once. Nothing here leaves the machine."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Seen:
    method: str
    path: str
    user_agent: str


class Request:
    """What a route function gets: the request, and ways to answer it."""

    def __init__(self, handler: _Handler):
        self.handler = handler
        self.method = handler.command
        self.path = handler.path
        parts = urlsplit(handler.path)
        self.route = parts.path
        self.query = parts.query
        self.headers = handler.headers
        self.left = False

    def send(self, status: int, body: bytes | str = b"", headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else body
        h = self.handler
        h.send_response(status)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        if not any(k.lower() == "content-type" for k in (headers or {})):
            h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", str(len(data)))
        # Stop counting this request as in flight before the client can see any answer:
        # once the headers are out, the client may release its slot and start the next
        # request before this thread would run its `finally`, which over-counted.
        self.done()
        h.end_headers()
        if self.method != "HEAD":
            h.wfile.write(data)
            h.host.count_bytes(len(data))

    def done(self) -> None:
        if not self.left:
            self.left = True
            self.handler.host.leave()

    def redirect(self, status: int, location: str) -> None:
        self.send(status, f"<a href='{location}'>moved</a>", {"Location": location})


Route = Callable[[Request], None]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    host: FakeHost

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _dispatch(self) -> None:
        host = self.host
        req = Request(self)
        host.enter(Seen(self.command, self.path, self.headers.get("User-Agent", "")))
        try:
            if host.latency:
                time.sleep(host.latency)
            route = host.routes.get(req.route, host.default)
            route(req)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            req.done()

    do_GET = do_HEAD = do_POST = _dispatch


def _not_found(req: Request) -> None:
    req.send(404, "<h1>not found</h1>")


class Gauge:
    """Requests in flight across several hosts, and the most seen at once."""

    def __init__(self) -> None:
        self.now = 0
        self.max = 0
        self.lock = threading.Lock()

    def up(self) -> None:
        with self.lock:
            self.now += 1
            self.max = max(self.max, self.now)

    def down(self) -> None:
        with self.lock:
            self.now -= 1


class FakeHost:
    def __init__(self, ip: str, latency: float = 0.0, gauge: Gauge | None = None):
        self.ip = ip
        self.gauge = gauge or Gauge()
        self.latency = latency
        self.routes: dict[str, Route] = {}
        self.default: Route = _not_found
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.bytes_sent = 0
        self.release = threading.Event()  # frees handlers that hang on purpose
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"host": self})
        self.server = ThreadingHTTPServer((ip, 0), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://{self.ip}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def enter(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.gauge.up()

    def leave(self) -> None:
        self.gauge.down()
        with self._lock:
            self.in_flight -= 1

    def count_bytes(self, n: int) -> None:
        with self._lock:
            self.bytes_sent += n

    @property
    def requests(self) -> int:
        return len(self.seen)

    def route(
        self,
        path: str,
        fn: Route | None = None,
        *,
        status: int = 200,
        body: str | bytes = "<p>ok</p>",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.routes[path] = fn or (lambda req: req.send(status, body, headers))

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


# -- routes used by several tests ---------------------------------------------------------


def hang(host: FakeHost) -> Route:
    def route(req: Request) -> None:
        host.release.wait(10)
        req.send(200, "late")

    return route


def huge_body(host: FakeHost, size: int = 50 * 1024 * 1024, head_status: int | None = 405) -> Route:
    """A page of `size` bytes, written lazily in 64 KiB chunks until the client hangs up."""

    def route(req: Request) -> None:
        h = req.handler
        if req.method == "HEAD" and head_status:
            req.send(head_status)
            return
        # A small send buffer, so what counts as sent is close to what the client read.
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 64 * 1024)
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(size))
        req.done()
        h.end_headers()
        if req.method == "HEAD":
            return
        chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
        sent = 0
        try:
            while sent < size:
                h.wfile.write(chunk)
                sent += len(chunk)
                host.count_bytes(len(chunk))
        except (BrokenPipeError, ConnectionResetError):
            h.close_connection = True

    return route


def flaky(times: int, status: int = 500) -> Route:
    """Fail `times` times with `status`, then answer 200."""
    count = {"n": 0}
    lock = threading.Lock()

    def route(req: Request) -> None:
        with lock:
            count["n"] += 1
            n = count["n"]
        req.send(status if n <= times else 200, "busy" if n <= times else "<p>ok</p>")

    return route


def closed_port(ip: str = "127.0.0.1") -> int:
    """A port on which nothing listens (bound once, then released)."""
    with socket.socket() as s:
        s.bind((ip, 0))
        return s.getsockname()[1]


# -- fake identifier APIs ---------------------------------------------------------------


def serve_doi_api(host: FakeHost, registered: dict[str, str]) -> None:
    """The DOI handle API: /api/handles/<doi> answers JSON with responseCode 1 or 100."""
    import json
    from urllib.parse import unquote

    def route(req: Request) -> None:
        doi = unquote(req.route.removeprefix("/api/handles/"))
        match = next((url for d, url in registered.items() if d.lower() == doi.lower()), None)
        if match is None:
            req.send(404, json.dumps({"responseCode": 100, "handle": doi}), {"Content-Type": "application/json"})
        else:
            body = {
                "responseCode": 1,
                "handle": doi,
                "values": [{"index": 1, "type": "URL", "data": {"format": "string", "value": match}}],
            }
            req.send(200, json.dumps(body), {"Content-Type": "application/json"})

    host.default = lambda req: route(req) if req.route.startswith("/api/handles/") else _not_found(req)


def serve_arxiv_api(host: FakeHost, known: dict[str, int]) -> list[list[str]]:
    """arXiv's query API: an Atom entry per known id (latest version given), none for unknown
    ids, an error entry for malformed ones. Returns the id lists it was asked for."""
    import re
    from urllib.parse import parse_qs

    asked: list[list[str]] = []

    def route(req: Request) -> None:
        ids = parse_qs(req.query).get("id_list", [""])[0].split(",")
        asked.append(ids)
        entries = []
        for ident in ids:
            if not re.match(r"^\d{4}\.\d{4,5}(v\d+)?$", ident):
                entries = [
                    f"""<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_{ident}</id>
                <title>Error</title><summary>incorrect id format for {ident}</summary></entry>"""
                ]
                break
            base = ident.split("v")[0]
            if base in known:
                entries.append(f"""<entry><id>http://arxiv.org/abs/{base}v{known[base]}</id>
                <published>2023-01-01T00:00:00Z</published><title>Paper {base}</title></entry>""")
        feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
<title>ArXiv Query</title><opensearch:totalResults>{len(ids)}</opensearch:totalResults>
{"".join(entries)}</feed>"""
        req.send(200, feed, {"Content-Type": "application/atom+xml"})

    host.route("/api/query", route)
    return asked


def serve_github_api(
    host: FakeHost, repos: dict[str, dict], renamed: dict[str, str] | None = None, token: str = "t0ken"
) -> None:
    """GET /repos/<owner>/<name>: JSON for known repos, 301 for renamed ones, 404 otherwise;
    401 unless the right bearer token is sent."""
    import json

    ids = {name.lower(): i for i, name in enumerate(repos, start=1)}
    by_number = {i: name for i, name in enumerate(repos, start=1)}

    def reply(req: Request, name: str) -> None:
        data = {"full_name": name, "html_url": f"https://github.com/{name}", **repos[name]}
        req.send(200, json.dumps(data), {"Content-Type": "application/json", "X-RateLimit-Remaining": "4999"})

    def route(req: Request) -> None:
        if req.headers.get("Authorization") != f"Bearer {token}":
            req.send(401, '{"message": "Bad credentials"}', {"Content-Type": "application/json"})
            return
        if req.route.startswith("/repositories/"):
            reply(req, by_number[int(req.route.rsplit("/", 1)[1])])
            return
        name = req.route.removeprefix("/repos/")
        if renamed and name.lower() in {k.lower() for k in renamed}:
            new = next(v for k, v in renamed.items() if k.lower() == name.lower())
            req.redirect(301, host.url(f"/repositories/{ids[new.lower()]}"))
            return
        match = next((k for k in repos if k.lower() == name.lower()), None)
        if match is None:
            req.send(404, '{"message": "Not Found"}', {"Content-Type": "application/json"})
        else:
            reply(req, match)

    host.default = route
