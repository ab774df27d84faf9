"""How fast is a README build of a large list? Prints figures; asserts nothing.

Writes a synthetic list of N papers (default 10,000) into a temporary project,
then times each stage (load cold, load warm, validate, render) and a whole
`rsitr-list build` run as a user would start it (cold cache, then warm).

    python benchmarks/build_speed.py [--papers 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rsitr_list import positions
from rsitr_list.derive import derive
from rsitr_list.load import load_tree
from rsitr_list.readme.render import render_readme
from rsitr_list.validate import validate

CATEGORIES = ["closed-domain", "open-domain", "hashing"]
VENUES = ["tgrs", "acm-mm", "arxiv", "jstars", "grsl", "igarss"]
DATASETS = ["rsicd", "rsitmd"]


def paper_yaml(i: int) -> str:
    return (
        f"id: synthetic-{i:05d}\n"
        f"title: Synthetic Remote Sensing Retrieval Method Number {i}\n"
        "authors:\n  - Ada Lovelace\n  - Alan Turing\n  - Grace Hopper\n"
        f"venue: {VENUES[i % len(VENUES)]}\n"
        f"year: {2015 + i % 11}\n"
        f"category: {CATEGORIES[i % 3]}\n"
        f"method: SYN{i}\n"
        "links:\n"
        f"  paper: https://example.org/papers/{i}\n"
        f"  doi: 10.5555/synthetic.{i}\n"
        f"  arxiv: '{15 + i % 11:02d}{1 + i % 12:02d}.{i:05d}'\n"  # a real past month: YYMM is checked
        f"  code: https://example.org/code/{i}\n"
        f"datasets: [{DATASETS[i % 2]}]\n"
        "added: 2024-01-01\n"
    )


def make_project(dest: Path, n: int) -> None:
    (dest / "data" / "papers").mkdir(parents=True)
    shutil.copytree(ROOT / "templates", dest / "templates")
    for name in ("list.yaml", "venues.yaml"):
        shutil.copy(ROOT / "data" / name, dest / "data" / name)
    (dest / "data" / "benchmarks.yaml").write_text("benchmarks: []\n")
    (dest / "data" / "datasets").mkdir()
    for ds in DATASETS:
        (dest / "data" / "datasets" / f"{ds}.yaml").write_text(
            f"id: {ds}\nname: {ds.upper()}\nimages: 100\nadded: 2024-01-01\n"
        )
    (dest / "pyproject.toml").write_text('[tool.rsitr-list]\ncache_dir = ".cache/rsitr-list"\n')
    for i in range(n):
        (dest / "data" / "papers" / f"synthetic-{i:05d}.yaml").write_text(paper_yaml(i))


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def cli_build(project: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rsitr_list", "--root", str(project), "build", "--no-site"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def startup(runs: int = 5) -> None:
    """Start-up on the real list: what a pre-commit hook pays on every commit (best of N).

    Warm: the inputs are those of the last clean run, which is replayed (cli/replay.py).
    After an edit: one data file differs before every run, so each one runs for real, as
    the hook does on a commit that changes data; and with `run_cache = false`.
    """
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        for folder in ("data", "templates"):
            shutil.copytree(ROOT / folder, project / folder)
        shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
        env = {**__import__("os").environ, "PYTHONPATH": str(ROOT / "src")}
        edited = sorted((project / "data" / "papers").glob("*.yaml"))[0]
        original = edited.read_text(encoding="utf-8")
        edits = iter(range(1_000_000))

        def edit() -> None:  # a comment: the data stays valid, its bytes differ
            edited.write_text(f"{original}# edit {next(edits)}\n", encoding="utf-8")

        def best(args: list[str], before=None) -> float:  # type: ignore[no-untyped-def]
            times = []
            for _ in range(runs):
                if before:
                    before()
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, *args],
                    cwd=project,
                    env=env,
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                times.append(time.perf_counter() - start)
            return min(times)

        validate = ["-m", "rsitr_list", "validate"]
        build = ["-m", "rsitr_list", "build", "--no-site"]
        bare = best(["-c", "pass"])
        imported = best(["-c", "import rsitr_list.cli"])
        stages = best(["-c", "import rsitr_list.pipeline"])  # what a real validate adds: pydantic, models
        best(build)  # writes the outputs and warms the parse cache
        print(f"python start-up                      {bare:.3f} s")
        print(f"import the CLI                       {imported - bare:.3f} s (beyond start-up)")
        print(f"import the stages (a real run)       {stages - bare:.3f} s (beyond start-up)")
        print(f"`rsitr-list validate`, warm          {best(validate):.3f} s  (target < 0.25 s; replayed)")
        print(f"`rsitr-list build --no-site`, warm   {best(build):.3f} s  (target < 0.25 s; replayed)")
        print(f"`validate`, one file edited          {best(validate, edit):.3f} s  (runs for real)")
        print(f"`build --no-site`, one file edited   {best(build, edit):.3f} s  (runs for real)")
        pyproject = project / "pyproject.toml"
        pyproject.write_text(
            pyproject.read_text(encoding="utf-8").replace("run_cache = true", "run_cache = false"), encoding="utf-8"
        )
        print(f"`validate`, run_cache = false        {best(validate):.3f} s")
        print(f"`build --no-site`, run_cache = false {best(build):.3f} s")
        # The hard case: a file just under the size limit with an error on each of its lines.
        hostile = project / "data" / "papers" / "zz-hostile.yaml"
        hostile.write_text("".join(f"k{i}: {i}\n" for i in range(70_000)), encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run([sys.executable, *validate], cwd=project, env=env, capture_output=True, text=True)
        took = time.perf_counter() - start
        print(
            f"`validate`, a {hostile.stat().st_size / 2**20:.2f} MiB file with 70,000 errors "
            f"{took:.3f} s  ({len(done.stderr.splitlines())} lines printed)"
        )


def main() -> None:
    startup()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, help="build the synthetic project here and keep it")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="rsitr-bench-"))
    project = args.keep or tmp / "project"
    try:
        _, t_make = timed(lambda: make_project(project, args.papers))
        n = args.papers
        print(f"synthetic list: {n} papers written in {t_make:.2f} s ({project})")

        cache = project / ".cache" / "rsitr-list"
        (files, diags), t_cold = timed(lambda: load_tree(project, "data", cache))
        (files, diags), t_warm = timed(lambda: load_tree(project, "data", cache))
        (catalog, more), t_val = timed(lambda: validate(files))
        problems, _t_pos = timed(lambda: positions.resolve(diags + more, project))
        if problems:
            print("unexpected diagnostics:", *[d.format() for d in problems[:5]], sep="\n")
            raise SystemExit(1)
        out, t_render = timed(lambda: render_readme(derive(catalog), project / "templates", project / "README.md"))

        def rate(seconds: float) -> str:
            return f"{seconds:7.3f} s  {n / seconds:>10,.0f} records/s"

        print(f"load, cold cache    {rate(t_cold)}")
        print(f"load, warm cache    {rate(t_warm)}")
        print(f"validate            {rate(t_val)}")
        print(f"render README       {rate(t_render)}  ({len(out.content) / 1e6:.1f} MB)")
        shutil.rmtree(cache, ignore_errors=True)
        print(f"`rsitr-list build --no-site`, cold cache: {cli_build(project):.2f} s")
        print(f"`rsitr-list build --no-site`, warm cache: {cli_build(project):.2f} s  (target < 2 s)")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
