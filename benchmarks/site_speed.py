"""How fast is the website for a large list? Prints figures; asserts nothing.

Writes a synthetic list (default 10,000 papers and 1,000 results) into a temporary
project that uses this repository's mkdocs.yml, docs/ and templates/, then reports:

- the site build time (`build_site` on a validated catalog, and a whole
  `rsitr-list build` run as a user starts it, cold and warm parse cache);
- the size of the Methods page and of the search index;
- in Chromium, how long the Methods page takes to apply a filter: from the input
  event to the end of style and layout, and to the next painted frame.

    python benchmarks/site_speed.py [--papers 10000] [--results 1000] [--keep DIR]

Targets: the site builds in under 30 s; a filter responds in under 100 ms.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rsitr_list.derive import derive
from rsitr_list.pipeline import load_catalog
from rsitr_list.settings import load_settings
from rsitr_list.site.build import build_site

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CATEGORIES = ["closed-domain", "open-domain", "hashing"]
VENUES = ["tgrs", "acm-mm", "arxiv", "jstars", "grsl", "igarss", "cvpr", "remote-sensing"]
DATASETS = ["rsicd", "rsitmd", "ucm-captions", "sydney-captions", "nwpu-captions"]
WORDS = [
    "remote",
    "sensing",
    "image",
    "text",
    "retrieval",
    "cross",
    "modal",
    "alignment",
    "hashing",
    "contrastive",
    "graph",
    "transformer",
    "prior",
    "knowledge",
    "fine",
    "grained",
    "semantic",
    "fusion",
    "multi",
    "scale",
    "noisy",
    "robust",
]
NAMES = [
    "Ann",
    "Bo",
    "Chen",
    "Dana",
    "Eli",
    "Fang",
    "Gu",
    "Hana",
    "Ivo",
    "Jun",
    "Kai",
    "Lena",
    "Ming",
    "Nora",
    "Oleg",
    "Pia",
    "Qiang",
    "Rui",
    "Sara",
    "Tao",
    "Uma",
    "Vera",
    "Wei",
    "Xin",
    "Yan",
    "Zoë",
]
SURNAMES = [
    "Li",
    "Wang",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Lin",
    "Luo",
    "Müller",
    "Smith",
    "García",
    "Rossi",
    "Öztürk",
]


def paper_yaml(i: int, rng: random.Random) -> str:
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12))).capitalize()
    authors = [f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}{j}" for j in range(rng.randint(2, 7))]
    datasets = sorted(rng.sample(DATASETS, rng.randint(1, 3)))
    code = f"  code: https://example.org/code/{i}\n" if rng.random() < 0.5 else ""
    return (
        f"id: synthetic-{i:05d}\n"
        f"title: '{title} {i}'\n"
        "authors:\n" + "".join(f"  - {a}\n" for a in authors) + f"venue: {rng.choice(VENUES)}\n"
        f"year: {rng.randint(2016, 2025)}\n"
        f"category: {rng.choice(CATEGORIES)}\n"
        f"method: SYN{i}\n"
        "links:\n"
        f"  paper: https://example.org/papers/{i}\n"
        f"  doi: 10.5555/synthetic.{i}\n" + code + f"datasets: [{', '.join(datasets)}]\n"
        f"added: 2024-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
    )


def results_yaml(t: int, rows: int, papers: int, rng: random.Random) -> str:
    out = [
        "source:",
        f"  paper: synthetic-{t % papers:05d}",
        f"  table: Table {1 + t % 4}",
        "  repo: example/synthetic",
        f"  commit: '{t:040x}'",
        f"  path: tables/{t}.md",
        f"  url: https://example.org/tables/{t}",
        "decimals: 2",
        "protocol:",
        f"  setting: {rng.choice(['no-vlp', 'general-vlp', 'rs-vlp', 'zero-shot', 'unstated'])}",
        "  setting_basis: Synthetic table.",
        "results:",
    ]
    for r in range(rows):
        paper = rng.randrange(papers)
        recalls = sorted(round(rng.uniform(2, 40), 2) for _ in range(3))
        recalls2 = sorted(round(rng.uniform(2, 40), 2) for _ in range(3))
        out += [
            f"  - label: Row {r}",
            f"    method: SYN{paper}",
            f"    variant: v{t}-{r}",
            f"    paper: synthetic-{paper:05d}",
            f"    dataset: {DATASETS[(t + r) % len(DATASETS)]}",
            f"    kind: {rng.choice(['own', 'quoted', 'rerun'])}",
            *(f"    {k}: {v}" for k, v in zip(("i2t_r1", "i2t_r5", "i2t_r10"), recalls)),
            *(f"    {k}: {v}" for k, v in zip(("t2i_r1", "t2i_r5", "t2i_r10"), recalls2)),
        ]
    return "\n".join(out) + "\n"


def make_project(dest: Path, papers: int, results: int) -> None:
    rng = random.Random(7)  # the same list every run
    for folder in ("templates", "docs"):
        shutil.copytree(ROOT / folder, dest / folder)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    data = dest / "data"
    for sub in ("papers", "datasets", "results"):
        (data / sub).mkdir(parents=True)
    for name in ("list.yaml", "venues.yaml", "benchmarks.yaml"):
        shutil.copy(ROOT / "data" / name, data / name)
    for ds in DATASETS:
        (data / "datasets" / f"{ds}.yaml").write_text(
            f"id: {ds}\nname: {ds.upper()}\nimages: 1000\ncaptions: 5000\nadded: 2024-01-01\n"
        )
    (dest / "pyproject.toml").write_text('[tool.rsitr-list]\ncache_dir = ".cache/rsitr-list"\n')
    for i in range(papers):
        (data / "papers" / f"synthetic-{i:05d}.yaml").write_text(paper_yaml(i, rng), encoding="utf-8")
    per_table = 10
    for t in range(max(1, results // per_table)):
        (data / "results" / f"synthetic-table-{t:04d}.yaml").write_text(
            results_yaml(t, per_table, papers, rng), encoding="utf-8"
        )


def cli_build(project: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rsitr_list", "--root", str(project), "build"],
        check=True,
        capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return time.perf_counter() - start


# Applies one filter change and returns [ms to end of style+layout, ms to the next frame].
MEASURE = """async ([name, value]) => {
    const field = document.querySelector(`#paper-filters [name=${name}]`);
    const t0 = performance.now();
    if (field.type === "checkbox") field.checked = value === "1"; else field.value = value;
    field.dispatchEvent(new Event(field.tagName === "SELECT" || field.type === "checkbox" ? "change" : "input",
                                  {bubbles: true}));
    document.body.offsetHeight;  // force style and layout now, inside the measurement
    const t1 = performance.now();
    await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return [t1 - t0, performance.now() - t0, document.querySelector('.rsitr-filters__status').textContent];
}"""

STEPS = [  # (field, value) applied in order; each pair sets a filter and clears it again
    ("category", "hashing"),
    ("category", ""),
    ("text", "li"),
    ("text", "li zhou"),
    ("text", ""),
    ("from", "2020"),
    ("to", "2022"),
    ("from", ""),
    ("to", ""),
    ("venue", "tgrs"),
    ("venue", ""),
    ("dataset", "rsicd"),
    ("dataset", ""),
    ("code", "1"),
    ("code", "0"),
]


def measure_filters(site: Path, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/methods/", wait_until="load")
            page.wait_for_selector("#paper-filters:not([hidden])")
            load = time.perf_counter() - start
            layout, frame, shown = [], [], {}
            for _ in range(rounds):
                for name, value in STEPS:
                    a, b, n = page.evaluate(MEASURE, [name, value])
                    layout.append(a)
                    frame.append(b)
                    shown[f"{name}={value}"] = n
            browser.close()
    finally:
        server.shutdown()
    return {"load": load, "layout": layout, "frame": frame, "shown": shown}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--results", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3, help="Times each filter step is measured.")
    parser.add_argument("--keep", type=Path, help="Build the project here and keep it.")
    args = parser.parse_args()

    tmp = None
    if args.keep:
        project = args.keep
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="rsitr-site-speed-")
        project = Path(tmp.name)
    try:
        make_project(project, args.papers, args.results)
        settings = load_settings(project)
        loaded = load_catalog(settings)
        assert loaded.ok, [d.format() for d in loaded.diagnostics if d.severity == "error"][:5]
        print(f"synthetic list: {len(loaded.catalog.papers):,} papers, {len(loaded.catalog.results):,} results")

        start = time.perf_counter()
        build_site(settings, derive(loaded.catalog), dest=project / "site-direct")
        direct = time.perf_counter() - start
        shutil.rmtree(project / ".cache", ignore_errors=True)
        cold = cli_build(project)
        warm = cli_build(project)
        site = project / "site"
        methods_mb = (site / "methods" / "index.html").stat().st_size / 1e6
        index_mb = (site / "search" / "search_index.json").stat().st_size / 1e6
        print(f"site build (build_site, catalog already loaded): {direct:6.2f} s")
        print(f"rsitr-list build, README + site, cold cache:     {cold:6.2f} s")
        print(f"rsitr-list build, README + site, warm cache:     {warm:6.2f} s   (target < 30 s)")
        print(f"methods page: {methods_mb:.1f} MB; search index: {index_mb:.1f} MB")

        m = measure_filters(site, args.rounds)
        print(f"methods page load to filters ready (Chromium): {m['load']:.2f} s")
        for label, values in (("to end of layout", m["layout"]), ("to next frame", m["frame"])):
            p95 = statistics.quantiles(values, n=20)[-1]
            print(
                f"filter response {label}: median {statistics.median(values):6.1f} ms, "
                f"95th percentile {p95:6.1f} ms, max {max(values):6.1f} ms over {len(values)} changes"
                "   (target < 100 ms)"
            )
        print("status after each step:")
        for step, text in m["shown"].items():
            print(f"  {step:14} {text}")
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    main()
