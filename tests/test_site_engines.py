"""The same generated page tree builds with both engines, and the MkDocs adapter serves it.

MkDocs (with Material) is the default engine and the browser tests run against it;
here Zensical builds the same tree, and a smoke test checks it has every page, the
leaderboards and a search index that finds what a reader looks for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import projects
from rsitr_list.cli import main
from rsitr_list.derive import derive
from rsitr_list.pipeline import load_catalog
from rsitr_list.settings import load_settings
from rsitr_list.site.plugin import RsitrListPlugin
from rsitr_list.site.render import GENERATED, STAMP, page_url, relative_link

ROOT = Path(__file__).resolve().parent.parent
NAV_PAGES = ("index", *GENERATED, "about", "contributing", "link-checking")


def copy_project(dest: Path) -> Path:
    return projects.copy_project(dest, site=True)


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> tuple[Path, Path]:
    project = copy_project(tmp_path_factory.mktemp("zensical") / "project")
    result = CliRunner().invoke(main, ["--root", str(project), "build", "--engine", "zensical"])
    assert result.exit_code == 0, result.output
    return project, project / "site"


def test_zensical_builds_every_page(zensical_site) -> None:
    _, site = zensical_site
    for page in NAV_PAGES:
        assert (site / page_url(page) / "index.html").is_file(), page


def test_zensical_pages_hold_every_leaderboard_row(zensical_site) -> None:
    project, site = zensical_site
    derived = derive(load_catalog(load_settings(project)).catalog)
    html = (site / "benchmarks" / "index.html").read_text(encoding="utf-8")
    assert html.count("<table data-rsitr-board") == len(derived.full)
    for board in derived.full:
        assert f'id="{board.dataset_id}"' in html
    rows = html.count('<tr id="result-')
    assert rows == len(derived.entries) > 0
    methods = (site / "methods" / "index.html").read_text(encoding="utf-8")
    assert all(f'id="{p.id}"' in methods for p in derived.catalog.papers)


def test_zensical_search_index_finds_pages_boards_and_papers(zensical_site) -> None:
    project, site = zensical_site
    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    items = index["items"]
    locations = {i["location"] for i in items}
    assert {"benchmarks/#rsitmd", "datasets/#rsicd"} <= locations
    text = " ".join(f"{i['title']} {i['text']}" for i in items)
    catalog = load_catalog(load_settings(project)).catalog
    missing = [p.title for p in catalog.papers if p.title.split()[0] not in text]
    assert missing == []
    assert "GeoRSCLIP" in text


def test_zensical_and_mkdocs_read_the_same_tree(zensical_site, tmp_path) -> None:
    project, _ = zensical_site
    tree = project / ".cache" / "rsitr-list" / "site-build"
    assert (tree / "docs" / STAMP).is_file()
    result = CliRunner().invoke(main, ["--root", str(project), "build", "--site-dir", str(tmp_path / "mk")])
    assert result.exit_code == 0, result.output
    for page in NAV_PAGES:
        assert (tmp_path / "mk" / page_url(page) / "index.html").is_file()


def test_engine_is_a_setting_too(tmp_path) -> None:
    project = copy_project(tmp_path / "p")
    text = (project / "pyproject.toml").read_text(encoding="utf-8")
    assert 'site_engine = "mkdocs"' in text
    (project / "pyproject.toml").write_text(text.replace('site_engine = "mkdocs"', 'site_engine = "zensical"'))
    assert load_settings(project).site_engine == "zensical"
    (project / "pyproject.toml").write_text(text.replace('site_engine = "mkdocs"', 'site_engine = "hugo"'))
    result = CliRunner().invoke(main, ["--root", str(project), "build"])
    assert result.exit_code == 1 and "site_engine" in result.output


@pytest.mark.parametrize(
    ("here", "target", "anchor", "query", "want"),
    [
        ("index.md", "methods", None, None, "methods/"),
        ("index.md", "methods", "pir-2023", None, "methods/#pir-2023"),
        ("benchmarks.md", "methods", "x", None, "../methods/#x"),
        ("methods.md", "methods", "x", None, "#x"),
        ("methods.md", "methods", None, "dataset=rsicd", "../methods/?dataset=rsicd"),
        ("datasets.md", "index", None, None, "../"),
    ],
)
def test_links_between_pages_are_relative(here, target, anchor, query, want) -> None:
    assert relative_link(here, target, anchor, query) == want


def _plugin_config(project: Path):
    from mkdocs.config import load_config

    return load_config(str(project / "mkdocs.yml"))


def test_the_mkdocs_adapter_renders_the_tree_and_watches_the_sources(tmp_path) -> None:
    project = copy_project(tmp_path / "p")
    plugin = RsitrListPlugin()
    plugin.on_startup(command="serve", dirty=False)
    config = plugin.on_config(_plugin_config(project))
    docs = Path(config.docs_dir)
    assert docs == project / ".cache" / "rsitr-list" / "site-build" / "docs"
    assert (docs / "benchmarks.md").is_file() and (docs / STAMP).is_file()
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    plugin.on_serve(Server(), config, None)
    assert sorted(Path(p).name for p in watched) == ["data", "docs", "templates"]
    # A second render with nothing changed touches no file, so serve does not loop.
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    RsitrListPlugin().on_config(_plugin_config(project))
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == before


def test_serving_invalid_data_shows_the_errors_in_the_page(tmp_path) -> None:
    project = copy_project(tmp_path / "p")
    paper = project / "data" / "papers" / "pir-2023.yaml"
    data = yaml.safe_load(paper.read_text(encoding="utf-8"))
    data["venue"] = "<script>alert(1)</script>"
    paper.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    plugin = RsitrListPlugin()
    plugin.on_startup(command="serve", dirty=False)
    config = plugin.on_config(_plugin_config(project))
    page = (Path(config.docs_dir) / "benchmarks.md").read_text(encoding="utf-8")
    assert "The data has errors" in page and "pir-2023.yaml" in page
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_mkdocs_build_on_invalid_data_fails_with_the_diagnostics(tmp_path) -> None:
    project = copy_project(tmp_path / "p")
    paper = project / "data" / "papers" / "pir-2023.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace("venue: ", "venue: no-such-venue-", 1), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "out")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode != 0
    assert "pir-2023.yaml" in run.stderr and "validation failed" in run.stderr


def test_mkdocs_hands_the_fenced_html_past_markdown_unchanged(tmp_path) -> None:
    # The adapter's shortcut must give the page Markdown would give: same HTML, same search index.
    from rsitr_list.site import plugin

    project = copy_project(tmp_path / "p")
    fast = CliRunner().invoke(main, ["--root", str(project), "build", "--site-dir", str(tmp_path / "fast")])
    assert fast.exit_code == 0, fast.output
    original = plugin.RsitrListPlugin.on_page_markdown
    try:
        plugin.RsitrListPlugin.on_page_markdown = lambda self, markdown, **kw: markdown  # type: ignore[method-assign]
        slow = CliRunner().invoke(main, ["--root", str(project), "build", "--site-dir", str(tmp_path / "slow")])
    finally:
        plugin.RsitrListPlugin.on_page_markdown = original  # type: ignore[method-assign]
    assert slow.exit_code == 0, slow.output
    for page in ("benchmarks", "methods", "datasets"):
        a = (tmp_path / "fast" / page / "index.html").read_text(encoding="utf-8")
        b = (tmp_path / "slow" / page / "index.html").read_text(encoding="utf-8")
        assert "RSITRRAW" not in a, (page, a[max(0, a.find("RSITRRAW") - 200) : a.find("RSITRRAW") + 40])
        assert "rsitr:raw" in a
        assert [line for line in a.splitlines() if line.strip()] == [line for line in b.splitlines() if line.strip()]
    index = "search/search_index.json"
    assert (tmp_path / "fast" / index).read_bytes() == (tmp_path / "slow" / index).read_bytes()
